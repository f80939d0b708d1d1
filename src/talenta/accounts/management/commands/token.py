from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q

from talenta.accounts.models import ApiToken, User
from talenta.accounts.services import token_create, token_revoke
from talenta.core.hardening import as_id


class Command(BaseCommand):
    help = "Create (printed once) or revoke API tokens."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Create a token for USERNAME and print it once.")
        create.add_argument("username")
        create.add_argument("--days", type=int, default=None, help="Valid for N days (default: no expiry).")
        create.add_argument("--name", default="cli", help="A label shown in the UI.")
        revoke = sub.add_parser("revoke", help="Revoke a token by prefix or id, or all tokens of a user.")
        revoke.add_argument("token", nargs="?", help="The token's prefix (as shown in the UI) or id.")
        revoke.add_argument("--user", dest="revoke_user", help="With --all: the user whose tokens to revoke.")
        revoke.add_argument("--all", action="store_true", dest="revoke_all")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "create":
            self._create(options["username"], options["days"], options["name"])
        else:
            self._revoke(options["token"], options["revoke_user"], options["revoke_all"])

    def _create(self, username: str, days: int | None, name: str) -> None:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        if not user.is_active:
            raise CommandError(f"User {username!r} is deactivated.")
        try:
            new = token_create(user=user, name=name, days=days)
        except ValidationError as e:
            raise CommandError(" ".join(e.messages)) from e
        expiry = f"expires {new.token.expires_at:%Y-%m-%d %H:%M %Z}" if new.token.expires_at else "no expiry"
        self.stderr.write(f"Token {new.token.prefix} for {username} ({expiry}). It is shown only now:")
        self.stdout.write(new.secret)

    def _revoke(self, key: str | None, username: str | None, all_: bool) -> None:
        if all_:
            if not username or key:
                raise CommandError("Use either TOKEN, or --user USERNAME --all.")
            user = User.objects.filter(username=username).first()
            if user is None:
                raise CommandError(f"No user named {username!r}.")
            tokens = list(user.api_tokens.filter(revoked_at__isnull=True))
        else:
            if not key or username:
                raise CommandError("Use either TOKEN, or --user USERNAME --all.")
            cond = Q(prefix=key) | (Q(pk=pk) if (pk := as_id(key)) else Q())
            tokens = list(ApiToken.objects.filter(cond))
            if not tokens:
                raise CommandError(f"No token with prefix or id {key!r}.")
        n = sum(token_revoke(token=t) for t in tokens)
        self.stdout.write(self.style.SUCCESS(f"{n} token(s) revoked."))

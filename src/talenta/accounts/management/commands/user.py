from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from talenta.accounts.roles import Role
from talenta.accounts.services import user_create
from talenta.people.models import Employee, Instansi, Unit


class Command(BaseCommand):
    help = "Manage users. `user create` prints a generated password once."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Create a user with a role and scope.")
        create.add_argument("username")
        create.add_argument("--role", required=True, choices=Role.values)
        create.add_argument("--instansi", help="BKN instansi id (default: the only instansi, if just one).")
        create.add_argument("--unit", help="BKN unor id of a Kepala OPD's unit.")
        create.add_argument("--employee", help="NIP of the user's employee record (required for a Pegawai).")
        create.add_argument("--name", default="", help="Full name.")
        create.add_argument("--email", default="")

    def handle(self, *args: Any, action: str, **o: Any) -> None:
        instansi = self._instansi(o["instansi"])
        unit = employee = None
        if o["unit"]:
            unit = Unit.objects.filter(bkn_unor_id=o["unit"]).first()
            if unit is None:
                raise CommandError(f"No unit with BKN unor id {o['unit']!r}.")
        if o["employee"]:
            employee = Employee.objects.filter(nip=o["employee"]).first()
            if employee is None:
                raise CommandError(f"No employee with NIP {o['employee']!r}.")
        try:
            user, password = user_create(
                username=o["username"],
                role=o["role"],
                instansi=instansi,
                unit=unit,
                employee=employee,
                full_name=o["name"],
                email=o["email"],
                operator=True,
            )
        except ValidationError as e:
            raise CommandError(" ".join(e.messages)) from e
        self.stderr.write(
            f"User {user.username} ({user.role}, {instansi}) created. Password, shown only now:"
        )
        self.stdout.write(password)

    def _instansi(self, bkn_id: str | None) -> Instansi:
        if bkn_id:
            instansi = Instansi.objects.filter(bkn_id=bkn_id).first()
            if instansi is None:
                raise CommandError(
                    f"No instansi with BKN id {bkn_id!r}. Load it first (talenta load-reference)."
                )
            return instansi
        candidates = list(Instansi.objects.all()[:2])
        if len(candidates) == 1:
            return candidates[0]
        if not candidates:
            raise CommandError("No instansi exists yet: load reference data or pass --instansi BKN_ID.")
        raise CommandError("More than one instansi exists: pass --instansi BKN_ID.")

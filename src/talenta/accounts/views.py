"""Pengguna (users, roles, scope, tokens; Admin only) and each user's own API tokens.

An Admin sees only the users of his instansi: another instansi's user id answers 404. A generated password
or a new token is rendered once in the response, never put in a message, a cookie or a log."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from talenta.accounts import services
from talenta.accounts.forms import TokenForm, UserForm
from talenta.accounts.models import ApiToken, User
from talenta.accounts.policy import allows
from talenta.accounts.signals import client_ip


def _once(request: HttpRequest, context: dict) -> HttpResponse:
    """The page that shows a password or token once: never cached by the browser or a proxy."""
    response = render(request, "accounts/secret_once.html", context)
    response["Cache-Control"] = "no-store"
    return response


def users_for(admin: User) -> QuerySet[User]:
    """The users an Admin manages: those of his own instansi."""
    return User.objects.filter(instansi_id=admin.instansi_id).select_related("unit", "employee")


def _add_errors(form: UserForm, e: ValidationError) -> None:
    field = {
        "unit_required": "unit",
        "unit_instansi": "unit",
        "employee_required": "employee_nip",
        "employee_instansi": "employee_nip",
        "employee_taken": "employee_nip",
        "username_taken": "username",
        "username": "username",
    }.get(getattr(e, "code", "") or "")
    for message in e.messages:
        form.add_error(field, message)


# ------------------------------------------------------------------------------------------- Pengguna


@allows("users.manage")
def user_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").replace("\x00", "").strip()  # PostgreSQL text cannot hold NUL
    qs = users_for(request.user).order_by("username")
    if q:
        qs = qs.filter(
            Q(username__icontains=q)
            | Q(first_name__icontains=q)
            | Q(last_name__icontains=q)
            | Q(employee__nip__startswith=q)
        )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    template = "accounts/_user_rows.html" if request.htmx else "accounts/user_list.html"
    return render(request, template, {"page": page, "q": q})


@allows("users.manage")
def user_create(request: HttpRequest) -> HttpResponse:
    form = UserForm(request.POST or None, instansi_id=request.user.instansi_id)
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            try:
                user, password = services.user_create(
                    username=d["username"],
                    role=d["role"],
                    instansi=request.user.instansi,
                    unit=d["unit"],
                    employee=d["employee_nip"],
                    full_name=d["full_name"],
                    email=d["email"],
                    by=request.user,
                    ip=client_ip(request),
                )
            except ValidationError as e:
                _add_errors(form, e)
            else:
                return _once(request, {"subject": user, "password": password, "back": user.pk})
        return render(request, "accounts/user_form.html", {"form": form}, status=422)
    return render(request, "accounts/user_form.html", {"form": form})


@allows("users.manage")
def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    subject = get_object_or_404(users_for(request.user), pk=pk)
    initial = {
        "username": subject.username,
        "full_name": subject.get_full_name(),
        "email": subject.email,
        "role": subject.role,
        "unit": subject.unit,
        "employee_nip": subject.employee.nip if subject.employee_id else "",
    }
    form = UserForm(
        request.POST or None,
        initial=initial,
        instansi_id=request.user.instansi_id,
        editing=True,
        current_role=subject.role,
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.user_update(
                    user=subject,
                    role=d["role"],
                    unit=d["unit"],
                    employee=d["employee_nip"],
                    full_name=d["full_name"],
                    email=d["email"],
                    by=request.user,
                    ip=client_ip(request),
                )
            except ValidationError as e:
                _add_errors(form, e)
            else:
                messages.success(request, _("User %(u)s saved.") % {"u": subject.username})
                return redirect("accounts:user-edit", pk=subject.pk)
        status = 422
    tokens = subject.api_tokens.all()
    return render(
        request,
        "accounts/user_form.html",
        {"form": form, "subject": subject, "tokens": tokens, "token_form": TokenForm()},
        status=status,
    )


@require_POST
@allows("users.manage")
def user_set_active(request: HttpRequest, pk: int) -> HttpResponse:
    subject = get_object_or_404(users_for(request.user), pk=pk)
    active = request.POST.get("active") == "1"
    try:
        services.user_set_active(user=subject, active=active, by=request.user, ip=client_ip(request))
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(
            request,
            _("User %(u)s activated.") % {"u": subject.username}
            if active
            else _("User %(u)s deactivated.") % {"u": subject.username},
        )
    return redirect("accounts:user-edit", pk=subject.pk)


@require_POST
@allows("users.manage")
def user_reset_password(request: HttpRequest, pk: int) -> HttpResponse:
    subject = get_object_or_404(users_for(request.user), pk=pk)
    password = services.user_reset_password(user=subject, by=request.user, ip=client_ip(request))
    return _once(request, {"subject": subject, "password": password, "back": pk})


@require_POST
@allows("users.manage")
def user_token_create(request: HttpRequest, pk: int) -> HttpResponse:
    subject = get_object_or_404(users_for(request.user), pk=pk)
    return _token_create(request, subject, back=pk)


@require_POST
@allows("users.manage")
def user_token_revoke(request: HttpRequest, pk: int, token_pk: int) -> HttpResponse:
    subject = get_object_or_404(users_for(request.user), pk=pk)
    token = get_object_or_404(ApiToken, pk=token_pk, user=subject)
    services.token_revoke(token=token, by=request.user, ip=client_ip(request))
    messages.success(request, _("Token %(p)s revoked.") % {"p": token.prefix})
    return redirect("accounts:user-edit", pk=pk)


# ---------------------------------------------------------------------------------------- own tokens


def _token_create(request: HttpRequest, subject: User, back: int | None) -> HttpResponse:
    form = TokenForm(request.POST)
    if form.is_valid():
        try:
            new = services.token_create(
                user=subject,
                name=form.cleaned_data["name"],
                days=form.cleaned_data["days"],
                by=request.user,
                ip=client_ip(request),
            )
        except ValidationError as e:
            form.add_error(None, e)
        else:
            return _once(
                request, {"subject": subject, "token": new.token, "secret": new.secret, "back": back}
            )
    messages.error(request, " ".join(m for errs in form.errors.values() for m in errs))
    if back is None:
        return redirect("accounts:my-tokens")
    return redirect("accounts:user-edit", pk=back)


@allows("account.self")
def my_tokens(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        return _token_create(request, request.user, back=None)
    return render(
        request,
        "accounts/my_tokens.html",
        {"tokens": request.user.api_tokens.all(), "token_form": TokenForm()},
    )


@require_POST
@allows("account.self")
def my_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    services.token_revoke(token=token, by=request.user, ip=client_ip(request))
    messages.success(request, _("Token %(p)s revoked.") % {"p": token.prefix})
    return redirect("accounts:my-tokens")


@allows("account.self")
def password_change(request: HttpRequest) -> HttpResponse:
    """Self-service password change; also where a generated or reset password must be changed."""
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.password_change(
            user=request.user, password=form.cleaned_data["new_password1"], ip=client_ip(request)
        )
        update_session_auth_hash(request, request.user)  # this session stays; every other one ends
        messages.success(request, _("Your password was changed."))
        return redirect(settings.LOGIN_REDIRECT_URL)
    status = 422 if request.method == "POST" else 200
    return render(request, "accounts/password_change.html", {"form": form}, status=status)


# -------------------------------------------------------------------------------------- Notifikasi


@allows("notifications.view")
def notification_list(request: HttpRequest) -> HttpResponse:
    """The user's own notifications, newest first, 25 a page; unread ones marked."""
    from talenta.accounts import notifications

    page = Paginator(notifications.for_user(request.user), 25).get_page(request.GET.get("page"))
    rows = [(n, notifications.text(n)) for n in page.object_list]
    return render(request, "accounts/notifications.html", {"page": page, "rows": rows})


@require_POST
@allows("notifications.view")
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one as read and open what it points to (his own only: another's answers 404)."""
    from talenta.accounts import notifications

    note = get_object_or_404(notifications.for_user(request.user), pk=pk)
    notifications.mark_read(user=request.user, pk=note.pk)
    # Only a path of this site: "//elsewhere" and "/\\elsewhere" start with "/" too.
    if request.POST.get("open") and url_has_allowed_host_and_scheme(note.url, allowed_hosts=None):
        return redirect(note.url)
    return redirect("accounts:notifications")


@require_POST
@allows("notifications.view")
def notification_read_all(request: HttpRequest) -> HttpResponse:
    from talenta.accounts import notifications

    n = notifications.mark_read(user=request.user)
    messages.success(request, _("%(n)s notifications marked as read.") % {"n": n})
    return redirect("accounts:notifications")

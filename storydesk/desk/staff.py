"""/desk/staff/: the staff and their roles; an admin gives each one a role (or none)."""
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.shortcuts import render

from storydesk.actions.base import Actor
from storydesk.actions.staff import role_of, set_role
from storydesk.desk.access import staff_required
from storydesk.desk.forms import RoleForm
from storydesk.desk.responses import SeeOther
from storydesk.roles import PERMISSIONS, ROLES


@staff_required("manage_staff")
def staff_list(request):
    if request.method == "POST":
        form = RoleForm(request.POST)
        user = get_user_model().objects.filter(pk=form.data.get("user")).first() if form.is_valid() else None
        if user is None:
            messages.error(request, "No such staff member.")
        else:
            try:
                changed = set_role(user, form.cleaned_data["role"], actor=Actor.staff(request.user))
            except ValueError as problem:
                messages.error(request, str(problem))
            else:
                if changed:
                    role = form.cleaned_data["role"] or "without a role"
                    messages.success(request, f"{user.get_username()} is now {role}.")
        return SeeOther(request.path)
    people = (get_user_model().objects.filter(Q(is_staff=True) | Q(is_superuser=True) | Q(groups__isnull=False))
              .prefetch_related("groups").distinct().order_by("username"))
    rows = [(user, role_of(user)) for user in people]
    table = [(role, [p for p in PERMISSIONS if ROLES.index(role) <= ROLES.index(p.least_role)]) for role in ROLES]
    return render(request, "storydesk/desk/staff.html", {"rows": rows, "roles": ROLES, "table": table})

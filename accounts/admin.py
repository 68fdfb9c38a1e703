from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts.forms import UserAdminChangeForm, UserAdminCreationForm
from accounts.models import User

# Roles are the app's (accounts.backends): Groups would be a second, unused system.
admin.site.unregister(Group)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Users are kept by site administrators. They are deactivated, never deleted: the
    audit log must keep who viewed and changed each case."""

    actions = ["deactivate"]

    form = UserAdminChangeForm
    add_form = UserAdminCreationForm
    list_display = ("login_id", "get_full_name", "agency", "role", "is_active", "last_login")
    list_filter = ("role", "is_active", "is_superuser", "agency__sector")
    list_select_related = ("agency",)
    search_fields = ("username", "family_name", "given_name", "family_name_kana", "email")
    ordering = ("family_name_kana", "given_name_kana")
    autocomplete_fields = ("agency",)
    readonly_fields = ("last_login", "date_joined")  # kept by Django, not typed in
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (
            _("Personal info"),
            {
                "fields": (
                    ("family_name", "given_name"),
                    ("family_name_kana", "given_name_kana"),
                    "email",
                    "phone",
                )
            },
        ),
        (_("Council"), {"fields": ("agency", "role", "job_title")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "username",
                    "email",
                    ("family_name", "given_name"),
                    ("family_name_kana", "given_name_kana"),
                    "agency",
                    "role",
                    "password1",
                    "password2",
                ),
            },
        ),
    )

    @admin.display(description=_("Login ID"), ordering="username")
    def login_id(self, obj: User) -> str:
        return obj.username

    @admin.display(description=_("Full name"), ordering="family_name_kana")
    def get_full_name(self, obj: User) -> str:
        return obj.get_full_name()

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    @admin.action(description=_("Deactivate (they can no longer sign in)"))
    def deactivate(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        count = 0
        for user in queryset.filter(is_active=True):
            user.is_active = False
            user.save(update_fields=["is_active"])
            count += 1
        self.message_user(request, _("%(count)d users deactivated.") % {"count": count})

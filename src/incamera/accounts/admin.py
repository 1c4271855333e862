"""The platform admin's back office: accounts only.  Meetings are deliberately not registered, so
a platform admin sees nothing inside meetings it does not organise.
"""

from django.contrib import admin

from incamera.accounts.models import User


@admin.register(User)
class UserAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("email", "full_name", "may_organize", "is_staff", "is_active", "date_joined")
    list_filter = ("may_organize", "is_staff", "is_active")
    search_fields = ("email", "full_name")
    fields = ("email", "full_name", "may_organize", "is_active", "is_staff")

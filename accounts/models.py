import rules
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from .enums import Role


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.update(is_staff=True, is_superuser=True, role=Role.ADMIN)
        return self._create_user(email, password, **extra_fields)


# The apps whose admin pages are the school's: sessions, jury settings, e-mail templates, the
# audit log, the staff accounts, the retention rules and holds.
SCHOOL_ADMIN_APPS = frozenset({"admissions", "jury", "notifications", "core", "accounts", "privacy"})


class User(AbstractUser):
    """A person who logs in. Candidates sign up themselves; staff accounts are created by an
    admin with one role. Employers and referees have no account: they reach their own form
    through a signed, expiring link."""

    username = None
    email = models.EmailField(_("e-mail address"), unique=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.CANDIDATE)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=5,
        choices=[("fr", "Français"), ("en", "English")],
        default="fr",
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.get_full_name() or self.email

    def has_perm(self, perm, obj=None):
        # The portal's permissions (each app's rules.py) follow the role, for a superuser
        # too: an administrator is not a candidate. Django's model permissions (the admin
        # site) keep the superuser's pass.
        if rules.perm_exists(perm):
            return self.is_active and rules.has_perm(perm, self, obj)
        if self._school_admin_of(perm.partition(".")[0]):
            return True
        return super().has_perm(perm, obj)

    def has_module_perms(self, app_label):
        return self._school_admin_of(app_label) or super().has_module_perms(app_label)

    def _school_admin_of(self, app_label: str) -> bool:
        """A school administrator (the admin role, not a superuser) edits the school's data in
        the admin site; the technical tables (sites, axes, two-factor authenticators, periodic
        tasks, groups) stay with the superusers who run the portal."""
        return self.is_active and self.role == Role.ADMIN and app_label in SCHOOL_ADMIN_APPS

    def save(self, *args, **kwargs):
        self.email = (self.email or "").lower()
        # Only admins reach the Django admin site (session configuration).
        self.is_staff = self.role == Role.ADMIN or self.is_superuser
        super().save(*args, **kwargs)

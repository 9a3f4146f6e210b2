"""The organization tree, who belongs where, and who supervises whom."""

from django.conf import settings
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.lookups import StartsWith
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node

from organizations.text import fold


class Organization(MP_Node):
    """One node of the single tree: Trung ương → Tỉnh ủy → Đảng ủy Khối → cơ sở → trực thuộc → tổ đảng.

    Advisory bodies and mass organizations hang under the committee they serve.
    Stored as a materialized path so that a subtree is one indexed prefix query.
    """

    class Kind(models.TextChoices):
        CENTRAL = "central", _("Central Committee")
        PROVINCIAL = "provincial", _("Provincial Party Committee")
        UPPER = "upper", _("Committee above grassroots")
        GRASSROOTS_COMMITTEE = "grassroots_committee", _("Grassroots Party committee")
        GRASSROOTS_CELL = "grassroots_cell", _("Grassroots Party cell")
        SUB_COMMITTEE = "sub_committee", _("Subordinate Party committee")
        SUB_CELL = "sub_cell", _("Subordinate Party cell")
        PARTY_GROUP = "party_group", _("Party group")
        ADVISORY = "advisory", _("Advisory body")
        MASS = "mass", _("Mass organization")

    GRASSROOTS_KINDS = (Kind.GRASSROOTS_COMMITTEE, Kind.GRASSROOTS_CELL)
    # Kinds whose members serve the committee above them rather than a subtree of their own.
    SERVING_KINDS = (Kind.ADVISORY,)

    code = models.SlugField(_("code"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=120, blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices, db_index=True)
    email = models.EmailField(_("e-mail"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    name_folded = models.CharField(max_length=255, editable=False, db_index=True)
    # Reorganizations (organizations/reorganization/): the first day of an organization created by one, the
    # day an ended one stopped (it stays, inactive and read-only, with its successors), and the last
    # effective date of a reorganization that moved or ended it (dues dated before it are history).
    started_on = models.DateField(_("started on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    reorganized_on = models.DateField(_("last reorganized on"), null=True, blank=True, editable=False)

    # No node_order_by: siblings keep their insertion order, so adding a node never renumbers the paths
    # of its siblings (which would cost a write per sibling in a bloc of thousands). Lists sort by name.

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name_folded = fold(self.name)
        super().save(*args, **kwargs)

    def name_on(self, day) -> str:
        """The name in force on `day` (organizations/reorganization/names.py reads many at once)."""
        from organizations.reorganization.names import name_on

        return name_on(self, day)

    def name_then(self, day) -> str:
        """The name on `day`, followed by "(now ...)" when it has changed since."""
        from organizations.reorganization.names import name_then

        return name_then(self, day)

    @property
    def has_ended(self) -> bool:
        return self.ended_on is not None

    @property
    def is_grassroots(self) -> bool:
        return self.kind in self.GRASSROOTS_KINDS

    @property
    def serves_committee(self) -> bool:
        return self.kind in self.SERVING_KINDS and self.depth > 1

    @property
    def scope_path(self) -> str:
        """Path of the subtree a membership here grants: the served committee's, for an advisory body."""
        return self.path[: -self.steplen] if self.serves_committee else self.path


class Membership(models.Model):
    class Role(models.TextChoices):
        SECRETARY = "secretary", _("Secretary")
        DEPUTY = "deputy", _("Deputy Secretary")
        COMMITTEE_MEMBER = "committee_member", _("Committee member")
        CLERK = "clerk", _("Clerk")
        SPECIALIST = "specialist", _("Specialist")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("organization")
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organization", "role"], name="membership_unique_role")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.organization}"


class SupervisionQuerySet(models.QuerySet):
    def current(self, today):
        """The one rule of an active supervision, for every page and for the reminders alike: its dates
        include `today`, the member's account is active, and the member still holds an active membership of
        an active organization above (or at) the one followed, i.e. still sits on the committee in charge."""
        holds_seat = Membership.objects.filter(
            StartsWith(OuterRef("organization__path"), F("organization__path")),
            user_id=OuterRef("member_id"),
            is_active=True,
            organization__is_active=True,
        )
        return self.filter(
            Q(starts_on__isnull=True) | Q(starts_on__lte=today),
            Q(ends_on__isnull=True) | Q(ends_on__gte=today),
            Exists(holds_seat),
            member__is_active=True,
        )


class Supervision(models.Model):
    """A committee member follows a grassroots organization (phân công phụ trách)."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="supervisions",
        verbose_name=_("committee member in charge"),
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="supervisions", verbose_name=_("organization")
    )
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("until"), null=True, blank=True)

    objects = SupervisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("supervision")
        verbose_name_plural = _("supervisions")
        constraints = [
            models.UniqueConstraint(fields=["member", "organization"], name="supervision_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.member} → {self.organization}"


class PasswordResetRequest(models.Model):
    """One password reset asked for, kept a day: what throttles resets by address and by account
    (organizations/accounts/reset.py)."""

    address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    email = models.CharField(_("e-mail typed"), max_length=254)
    created_at = models.DateTimeField(_("asked at"), db_index=True)

    class Meta:
        verbose_name = _("password reset request")
        verbose_name_plural = _("password reset requests")
        indexes = [
            models.Index(fields=["email", "created_at"]),
            models.Index(fields=["address", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.email} ({self.created_at:%Y-%m-%d %H:%M})"


# Names through time and successions (organizations/reorganization/models.py).
from organizations.reorganization.models import (  # noqa: E402, F401
    OrganizationName,
    Reorganization,
    Succession,
)

# Digital signatures: trust anchors and organizations' signing keys (models of this app, kept in their package).
from organizations.signatures.models import (  # noqa: E402, F401
    OrganizationCertificate,
    SignatureChecked,
    TrustAnchor,
)

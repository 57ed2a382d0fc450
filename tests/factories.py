"""factory_boy factories and builders for the personas and objects tests need."""

from __future__ import annotations

import datetime as dt
import itertools

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from portal.accounts.models import Organization, Role
from portal.accounts.services import membership_add, organization_create
from portal.agreements.models import Agreement
from portal.cameras.crypto import Credentials, encrypt_credentials
from portal.cameras.models import Camera, Site, Verification
from portal.regions.models import Region

_nib = itertools.count(1000000000001)
_ip = itertools.count(1)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}@example.id")
    email = factory.LazyAttribute(lambda o: o.username)
    password = factory.django.Password("correct horse battery staple")


def make_org(kind: str, name: str, **extra) -> Organization:
    if kind == Organization.Kind.ACCOMMODATION:
        extra.setdefault("nib", str(next(_nib)))
        extra.setdefault("kecamatan", Region.objects.get(code="51.03.01"))
    admin = UserFactory(
        username=f"admin-{name.lower().replace(' ', '-')}@example.id", is_superuser=True
    )
    return organization_create(actor=admin, kind=kind, name=name, **extra)


def make_member(org: Organization, role: str, username: str | None = None):
    user = UserFactory(username=username) if username else UserFactory()
    membership_add(actor=None, organization=org, user=user, role=role)
    return user


def make_site(org: Organization, name: str = "Front gate") -> Site:
    return Site.objects.create(
        organization=org,
        name=name,
        address="Jl. Pantai Kuta 1",
        latitude="-8.718",
        longitude="115.168",
    )


def make_camera(
    site: Site,
    *,
    name: str = "Beach road",
    approved: bool = False,
    width: int = 2560,
    height: int = 1440,
    url: str | None = None,
) -> Camera:
    camera = Camera.objects.create(
        site=site,
        name=name,
        description="Faces the public beach road",
        faces_public_area=True,
        signage_posted=True,
        mode=Camera.Mode.PULL,
        source_url=url or f"rtsp://36.66.{next(_ip) % 250}.{next(_ip) % 250}:554/stream",
        credentials=encrypt_credentials(Credentials("admin", "cam-secret-pw")),
        review_state=Camera.Review.APPROVED if approved else Camera.Review.PENDING,
    )
    Verification.objects.create(
        camera=camera,
        trigger=Verification.Trigger.ENROLLMENT,
        status=Verification.Status.OK,
        width=width,
        height=height,
        fps=25,
        codec="h264",
        meets_min_resolution=width * height >= 2560 * 1440,
        finished_at=timezone.now(),
    )
    return camera


def make_agreement(
    org: Organization,
    cameras: list[Camera],
    *,
    state: str = Agreement.State.DRAFT,
    access_level: str = Agreement.Access.LIVE,
    retention_days: int | None = None,
    valid_from: dt.datetime | None = None,
    valid_until: dt.datetime | None = None,
    template=None,
) -> Agreement:
    from portal.agreements.models import AgreementTemplate

    now = timezone.now()
    creator = org.memberships.filter(role=Role.OWNER_ADMIN).first().user
    agreement = Agreement.objects.create(
        organization=org,
        template=template or AgreementTemplate.objects.get(is_current=True),
        access_level=access_level,
        retention_days=retention_days,
        valid_from=valid_from or now - dt.timedelta(hours=1),
        valid_until=valid_until or now + dt.timedelta(days=365),
        state=state,
        created_by=creator,
    )
    agreement.cameras.set(cameras)
    return agreement

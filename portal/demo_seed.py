"""Demo data: the Badung cast, real simulated cameras, agreements in different states.

Used by `manage.py seed_demo` (deploy/demo.sh). Idempotent: a second run changes nothing
but the demo users' passwords.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from portal.accounts.models import Organization, Role
from portal.accounts.services import membership_add, organization_create
from portal.agreements.models import Agreement, AgreementTemplate
from portal.agreements.services import (
    GrantSpec,
    agreement_approve,
    agreement_create,
    agreement_revoke,
    agreement_sign,
    template_publish,
)
from portal.cameras.models import Camera, Site, Verification
from portal.cameras.services import camera_enroll, camera_review, site_create
from portal.cameras.verification import verification_run
from portal.regions.models import Region

User = get_user_model()

TEMPLATE_ID = """Perjanjian Berbagi Data CCTV dengan Pemerintah Kabupaten Badung

1. Pemilik memberikan akses kepada Pemerintah Kabupaten Badung (Diskominfo dan Command Center)
   ke kamera yang tercantum, hanya untuk keamanan, pencegahan bencana dan pengaturan lalu lintas
   (UU 27/2022 tentang Pelindungan Data Pribadi, Pasal 17).
2. Pemilik menyatakan bahwa kamera menghadap area publik dan pemberitahuan CCTV terpasang.
3. Tingkat akses dipilih oleh Pemilik: hanya tayangan langsung, atau tayangan langsung dan rekaman
   dengan masa simpan yang disepakati. Rekaman yang melewati masa simpan dihapus otomatis.
4. Setiap akses dicatat (siapa, kapan, untuk tujuan apa) dan dapat dilihat oleh Pemilik.
5. Pemilik dapat mencabut persetujuan kapan saja; akses berakhir seketika.
"""

TEMPLATE_EN = """CCTV Data-Sharing Agreement with the Badung Regency Government

1. The owner gives the Badung Regency Government (Diskominfo and the Command Center) access to the
   listed cameras, solely for security, disaster prevention and traffic management
   (Law 27/2022 on Personal Data Protection, Art. 17).
2. The owner declares that the cameras face public areas and that CCTV notices are posted.
3. The owner chooses the access level: live view only, or live view and recordings with the agreed
   retention period. Recordings older than the retention period are deleted automatically.
4. Every access is recorded (who, when, for what purpose) and visible to the owner.
5. The owner can revoke consent at any time; access ends immediately.
"""


@dataclass(frozen=True)
class DemoCameras:
    """Where the simulated cameras listen (deploy/simcam/server.py)."""

    host: str
    port: int
    user: str
    password: str

    def url(self, mount: str) -> str:
        return f"rtsp://{self.host}:{self.port}/{mount}"


DEMO_USERS = [
    # e-mail, organization key, role
    ("admin@pantau.demo", "diskominfo", Role.PLATFORM_ADMIN),
    ("reviewer@pantau.demo", "diskominfo", Role.REVIEWER),
    ("auditor@pantau.demo", "diskominfo", Role.AUDITOR),
    ("operator@pantau.demo", "command_center", Role.OPERATOR),
    ("polisi.kuta@pantau.demo", "polsek_kuta", Role.POLICE_VIEWER),
    ("polisi.mengwi@pantau.demo", "polsek_mengwi", Role.POLICE_VIEWER),
    ("pemilik@hotel-kuta.demo", "hotel", Role.OWNER_ADMIN),
    ("staf@hotel-kuta.demo", "hotel", Role.OWNER_STAFF),
    ("pemilik@villa-seminyak.demo", "villa", Role.OWNER_ADMIN),
    ("perbekel@desa-kuta.demo", "desa", Role.OWNER_ADMIN),
]


def seed(*, cameras: DemoCameras, password: str) -> list[tuple[str, str]]:
    """Create the demo world; returns (e-mail, role) of every demo user."""
    if Organization.objects.filter(name="Diskominfo Badung").exists():
        _reset_passwords(password)
        return [(email, role.label) for email, _org, role in DEMO_USERS]
    with transaction.atomic():
        orgs = _organizations()
        users = _users(orgs, password)
    admin = users["admin@pantau.demo"]
    with transaction.atomic():
        template_publish(
            actor=admin,
            version="2026.1",
            title_id="Perjanjian Berbagi Data CCTV",
            title_en="CCTV Data-Sharing Agreement",
            text_id=TEMPLATE_ID,
            text_en=TEMPLATE_EN,
        )
    _cameras_and_agreements(orgs, users, cameras)
    return [(email, role.label) for email, _org, role in DEMO_USERS]


def _reset_passwords(password: str) -> None:
    for email, _org, _role in DEMO_USERS:
        user = User.objects.get(username=email)
        user.set_password(password)
        user.save(update_fields=["password"])


def _organizations() -> dict[str, Organization]:
    root = User.objects.create_superuser("root@pantau.demo", "root@pantau.demo", None)
    kuta = Region.objects.get(code="51.03.01")
    kuta_utara = Region.objects.get(code="51.03.06")

    def make(kind: str, name: str, **extra) -> Organization:
        return organization_create(actor=root, kind=kind, name=name, **extra)

    return {
        "diskominfo": make(Organization.Kind.AGENCY, "Diskominfo Badung"),
        "command_center": make(Organization.Kind.AGENCY, "Badung Command Center"),
        "polsek_kuta": make(Organization.Kind.POLICE, "Polsek Kuta"),
        "polsek_mengwi": make(Organization.Kind.POLICE, "Polsek Mengwi"),
        "hotel": make(
            Organization.Kind.ACCOMMODATION,
            "Hotel Kuta Indah",
            nib="9120001234567",
            accommodation_type="hotel",
            address="Jl. Pantai Kuta No. 1",
            kecamatan=kuta,
            desa=kuta.children.get(name="Kuta"),
            contact_phone="0812 3456 7890",
            licensed_on=dt.date(2026, 3, 1),
        ),
        "villa": make(
            Organization.Kind.ACCOMMODATION,
            "Villa Seminyak Asri",
            nib="8120009876543",
            accommodation_type="villa",
            address="Jl. Kayu Aya No. 8",
            kecamatan=kuta,
            desa=kuta.children.get(name="Seminyak"),
            licensed_on=dt.date(2018, 6, 1),
        ),
        "desa": make(
            Organization.Kind.VILLAGE,
            "Desa Kerobokan Kelod",
            address="Jl. Raya Kerobokan",
            kecamatan=kuta_utara,
            desa=kuta_utara.children.get(name="Kerobokan Kelod"),
        ),
    }


def _users(orgs: dict[str, Organization], password: str) -> dict[str, object]:
    users = {}
    for email, org_key, role in DEMO_USERS:
        user = User.objects.create_user(username=email, email=email, password=password)
        if role == Role.PLATFORM_ADMIN:
            user.is_staff = user.is_superuser = True
            user.save(update_fields=["is_staff", "is_superuser"])
        membership_add(actor=None, organization=orgs[org_key], user=user, role=role)
        users[email] = user
    return users


def _enroll(owner, site: Site, name: str, what: str, cams: DemoCameras, mount: str) -> Camera:
    with transaction.atomic():
        camera = camera_enroll(
            actor=owner,
            site=site,
            name=name,
            description=what,
            faces_public_area=True,
            signage_posted=True,
            mode=Camera.Mode.PULL,
            url=cams.url(mount),
            username=cams.user,
            password=cams.password,
        ).camera
    pending = camera.verifications.filter(status=Verification.Status.PENDING).first()
    if pending is not None:
        verification_run(verification_id=pending.pk)
    return camera


def _site(owner, org: Organization, name: str, lat: str, lon: str) -> Site:
    return site_create(
        actor=owner,
        organization=org,
        name=name,
        address=org.address,
        latitude=lat,
        longitude=lon,
        desa=org.desa,
    )


def _cameras_and_agreements(orgs, users, cams: DemoCameras) -> None:
    hotel_owner = users["pemilik@hotel-kuta.demo"]
    villa_owner = users["pemilik@villa-seminyak.demo"]
    desa_owner = users["perbekel@desa-kuta.demo"]
    reviewer = users["reviewer@pantau.demo"]
    template = AgreementTemplate.objects.get(is_current=True)
    now = timezone.now()

    hotel_site = _site(hotel_owner, orgs["hotel"], "Hotel Kuta Indah", "-8.718460", "115.168640")
    lobby = _enroll(
        hotel_owner,
        hotel_site,
        "Pintu masuk",
        "Entrance and the public sidewalk",
        cams,
        "hotel-kuta/entrance",
    )
    beach = _enroll(
        hotel_owner,
        hotel_site,
        "Jalan Pantai Kuta",
        "Beach road in front of the hotel",
        cams,
        "hotel-kuta/beach-road",
    )
    villa_site = _site(villa_owner, orgs["villa"], "Villa Seminyak Asri", "-8.691120", "115.157830")
    villa_gate = _enroll(
        villa_owner,
        villa_site,
        "Gerbang villa",
        "Gate and Jl. Kayu Aya",
        cams,
        "villa-seminyak/gate",
    )
    desa_site = _site(desa_owner, orgs["desa"], "Pasar Kerobokan", "-8.670650", "115.160900")
    market = _enroll(
        desa_owner, desa_site, "Pasar desa", "Village market square", cams, "desa/market"
    )

    for camera in (lobby, beach, villa_gate):
        if camera.verifications.first().status == Verification.Status.OK:
            camera_review(actor=reviewer, camera=camera, approve=True, reason="Faces the street")

    # Hotel: live + recordings for 30 days, active; command center and Polsek Kuta granted.
    active = agreement_create(
        actor=hotel_owner,
        organization=orgs["hotel"],
        cameras=[lobby, beach],
        access_level=Agreement.Access.LIVE_RECORDING,
        retention_days=30,
        valid_from=now,
        valid_until=now + dt.timedelta(days=365),
    )
    agreement_sign(
        actor=hotel_owner, agreement=active, template_sha256=template.sha256, ip="127.0.0.1"
    )
    if not active.cameras.exclude(review_state=Camera.Review.APPROVED).exists():
        agreement_approve(
            actor=reviewer,
            agreement=active,
            reason="Public street cameras",
            grants=[
                GrantSpec(orgs["command_center"], live=True, playback=True),
                GrantSpec(orgs["polsek_kuta"], live=True, playback=False),
            ],
        )
    # Villa: live only, signed and waiting for the reviewer.
    waiting = agreement_create(
        actor=villa_owner,
        organization=orgs["villa"],
        cameras=[villa_gate],
        access_level=Agreement.Access.LIVE,
        retention_days=None,
        valid_from=now,
        valid_until=now + dt.timedelta(days=180),
    )
    agreement_sign(
        actor=villa_owner, agreement=waiting, template_sha256=template.sha256, ip="127.0.0.1"
    )
    # Village: a draft not yet signed, and an earlier one it revoked.
    agreement_create(
        actor=desa_owner,
        organization=orgs["desa"],
        cameras=[market],
        access_level=Agreement.Access.LIVE_RECORDING,
        retention_days=14,
        valid_from=now,
        valid_until=now + dt.timedelta(days=90),
    )
    old = agreement_create(
        actor=desa_owner,
        organization=orgs["desa"],
        cameras=[market],
        access_level=Agreement.Access.LIVE,
        retention_days=None,
        valid_from=now,
        valid_until=now + dt.timedelta(days=30),
    )
    agreement_revoke(actor=desa_owner, agreement=old, reason="Replaced by a new agreement")

"""Shared fixtures: personas and reference objects.

Service fixtures (Redis, simulated cameras, MediaMTX) live in tests/services.py.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import AbstractUser
from django.utils import translation

from portal.accounts.models import Organization, Role
from portal.agreements.models import AgreementTemplate
from tests.factories import UserFactory, make_member, make_org

pytest_plugins = ["tests.services"]


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    from django.core.cache import cache

    cache.clear()  # throttle counters start fresh in every test
    settings.PANTAU_CAMERA_ALLOWED_NETWORKS = ["127.0.0.0/8", "::1/128"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PANTAU_4MP_POLICY_DATE = dt.date(2025, 1, 1)
    # Hashing passwords properly costs ~0.3 s each; tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Tests match the English messages, whether a service is called directly or the API is
    # asked without Accept-Language; tests/test_i18n.py covers Indonesian, the real default.
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@dataclass
class Personas:
    owner_org: Organization
    other_owner_org: Organization
    village_org: Organization
    diskominfo: Organization
    command_center: Organization
    police_a_org: Organization
    police_b_org: Organization
    owner: AbstractUser
    owner_staff: AbstractUser
    other_owner: AbstractUser
    reviewer: AbstractUser
    operator: AbstractUser
    police_a: AbstractUser
    police_b: AbstractUser
    auditor: AbstractUser
    platform_admin: AbstractUser
    outsider: AbstractUser


@pytest.fixture
def template(db) -> AgreementTemplate:
    text_id = "Pemilik memberikan akses kamera kepada Pemerintah Kabupaten Badung ..."
    text_en = "The owner gives the Badung Regency Government access to the cameras ..."
    return AgreementTemplate.objects.create(
        version="2026.1",
        title_id="Perjanjian berbagi data CCTV",
        title_en="CCTV data-sharing agreement",
        text_id=text_id,
        text_en=text_en,
        sha256=AgreementTemplate.hash_texts(text_id, text_en),
        is_current=True,
    )


@pytest.fixture
def p(db, template) -> Personas:
    """The cast: two owners, a village, Diskominfo, the command center, two police units."""
    owner_org = make_org(
        Organization.Kind.ACCOMMODATION, "Hotel Kuta Indah", licensed_on=dt.date(2026, 2, 1)
    )
    other_owner_org = make_org(
        Organization.Kind.ACCOMMODATION, "Villa Seminyak", licensed_on=dt.date(2019, 5, 1)
    )
    village_org = make_org(Organization.Kind.VILLAGE, "Desa Adat Kuta")
    diskominfo = make_org(Organization.Kind.AGENCY, "Diskominfo Badung")
    command_center = make_org(Organization.Kind.AGENCY, "Badung Command Center")
    police_a_org = make_org(Organization.Kind.POLICE, "Polsek Kuta")
    police_b_org = make_org(Organization.Kind.POLICE, "Polsek Mengwi")
    return Personas(
        owner_org=owner_org,
        other_owner_org=other_owner_org,
        village_org=village_org,
        diskominfo=diskominfo,
        command_center=command_center,
        police_a_org=police_a_org,
        police_b_org=police_b_org,
        owner=make_member(owner_org, Role.OWNER_ADMIN, "owner@hotel.id"),
        owner_staff=make_member(owner_org, Role.OWNER_STAFF, "staff@hotel.id"),
        other_owner=make_member(other_owner_org, Role.OWNER_ADMIN, "owner@villa.id"),
        reviewer=make_member(diskominfo, Role.REVIEWER, "reviewer@badungkab.go.id"),
        operator=make_member(command_center, Role.OPERATOR, "operator@badungkab.go.id"),
        police_a=make_member(police_a_org, Role.POLICE_VIEWER, "viewer@polsek-kuta.id"),
        police_b=make_member(police_b_org, Role.POLICE_VIEWER, "viewer@polsek-mengwi.id"),
        auditor=make_member(diskominfo, Role.AUDITOR, "auditor@badungkab.go.id"),
        platform_admin=make_member(diskominfo, Role.PLATFORM_ADMIN, "admin@badungkab.go.id"),
        outsider=UserFactory(username="outsider@example.id"),
    )


def pytest_sessionfinish(session, exitstatus):
    """In CI, a skipped e2e or browser test is a failure: the real services must be there."""
    import os

    if os.environ.get("CI", "").lower() not in {"1", "true", "yes"}:
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = [
        report
        for report in (reporter.stats.get("skipped", []) if reporter else [])
        if {"e2e", "browser"} & set(getattr(report, "keywords", {}))
    ]
    if skipped:
        for report in skipped:
            reporter.write_line(
                f"CI: {report.nodeid} was skipped; e2e and browser tests must run in CI", red=True
            )
        session.exitstatus = 1

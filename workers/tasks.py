"""Celery tasks: ids in, one service call, safe to run twice."""

from __future__ import annotations

from workers.celery import app


@app.task(name="pantau.verify_camera", acks_late=True, reject_on_worker_lost=True)
def verify_camera(*, verification_id: int) -> str | None:
    """Idempotent: verification_run only touches a verification that is still pending."""
    from portal.cameras.verification import verification_run

    verification = verification_run(verification_id=verification_id)
    return verification.status if verification else None


@app.task(name="pantau.schedule_verifications")
def schedule_verifications() -> int:
    from portal.cameras.verification import verification_schedule_due

    return verification_schedule_due()

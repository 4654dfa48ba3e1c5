"""Abuse protection of the anonymous public form, with no third-party service.

- Rate limit per address: at most ``ADDRESS_LIMIT`` answers from one address (its keyed hash) in
  ``ADDRESS_WINDOW``, counted in the database so that it holds across server processes; past it
  the form refuses (HTTP 429) and nothing is stored.
- Per unit: more than ``UNIT_BURST_LIMIT`` answers for one unit in ``UNIT_BURST_WINDOW`` is more
  than a service counter serves; answers past it are kept but marked suspicious.
- A honeypot field that people do not see (and screen readers skip); bots fill it in.
- A form sent back faster than ``MIN_SECONDS`` after it was shown (a signed time stamp).
- Duplicates: the same answers from the same address for the same unit and period.

Suspicious answers are kept, marked with their reasons, and count in the IKM until HR excludes
them with a reason (``services.do_exclude_response``, audited).
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import time
from enum import StrEnum
from typing import Final

from django.conf import settings
from django.core import signing

ADDRESS_LIMIT: Final = 5
ADDRESS_WINDOW: Final = datetime.timedelta(hours=1)
UNIT_BURST_LIMIT: Final = 60
UNIT_BURST_WINDOW: Final = datetime.timedelta(minutes=10)
MIN_SECONDS: Final = 3
HONEYPOT_FIELD: Final = "situs_web"
_SALT: Final = "mutasi.evaluation.form"


class Suspicion(StrEnum):
    HONEYPOT = "honeypot"
    TOO_FAST = "too_fast"
    DUPLICATE = "duplicate"
    UNIT_BURST = "unit_burst"
    NO_TIMESTAMP = "no_timestamp"


def client_key(address: str, user_agent: str) -> str:
    """A keyed hash of the address and browser: enough to spot repeats, no address stored."""
    secret = settings.SECRET_KEY.encode()
    return hmac.new(secret, f"{address}|{user_agent}".encode(), hashlib.sha256).hexdigest()


def form_stamp(now: float | None = None) -> str:
    """A signed time stamp put in the form when it is shown."""
    return signing.dumps({"t": time.time() if now is None else now}, salt=_SALT)


def seconds_since_stamp(stamp: str, now: float | None = None) -> float | None:
    """Seconds since the form was shown, or None for a missing or forged stamp."""
    try:
        data = signing.loads(stamp, salt=_SALT)
        issued = float(data["t"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    return (time.time() if now is None else now) - issued

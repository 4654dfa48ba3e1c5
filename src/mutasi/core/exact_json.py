"""Django's JSON serializer, keeping every microsecond of a time stamp.

``DjangoJSONEncoder`` writes datetimes and times to the millisecond, so a backup made with the
plain ``json`` format gives back audit and run times a fraction of a millisecond off. This format
(``SERIALIZATION_MODULES["exactjson"]``) writes them with ``isoformat()`` whole; what it writes is
still plain JSON that Django's ``json`` deserializer reads back exactly.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.serializers.json import Deserializer as JSONDeserializer
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.json import Serializer as JSONSerializer

__all__ = ["Deserializer", "ExactJSONEncoder", "Serializer"]


class ExactJSONEncoder(DjangoJSONEncoder):
    def default(self, o: Any) -> Any:
        if isinstance(o, datetime.datetime):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        if isinstance(o, datetime.time):
            return o.isoformat()
        return super().default(o)


class Serializer(JSONSerializer):
    def _init_options(self) -> None:
        super()._init_options()
        self.json_kwargs["cls"] = ExactJSONEncoder


Deserializer = JSONDeserializer

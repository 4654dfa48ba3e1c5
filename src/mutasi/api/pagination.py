"""Paging that refuses a bad ``limit`` or ``offset`` (HTTP 400) instead of ignoring it."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import LimitOffsetPagination

from mutasi.core.bounds import MAX_INT


class StrictLimitOffsetPagination(LimitOffsetPagination):
    max_limit = 1000

    def _whole(self, request: Any, name: str) -> None:
        values = request.query_params.getlist(name)
        if len(values) > 1:
            raise ValidationError({name: _("Hanya satu nilai.")})
        top = self.max_limit if name == self.limit_query_param else MAX_INT
        if values and not (values[0].isascii() and values[0].isdigit() and int(values[0]) <= top):
            raise ValidationError(
                {name: _("Harus bilangan bulat dari 0 sampai %(top)s.") % {"top": top}}
            )

    def paginate_queryset(self, queryset: Any, request: Any, view: Any = None) -> Any:
        self._whole(request, self.limit_query_param)
        self._whole(request, self.offset_query_param)
        return super().paginate_queryset(queryset, request, view)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 0
            if parameter["name"] == self.limit_query_param:
                parameter["schema"]["maximum"] = self.max_limit
            else:
                parameter["schema"]["maximum"] = MAX_INT
        return parameters

"""What the API returns: plain read-only views of the rows, and the import's report."""

from __future__ import annotations

from django.db.models import F
from rest_framework import serializers

from mutasi.people.models import Employee, Position, Unit
from mutasi.plans import reasons
from mutasi.plans.models import Move, Plan
from mutasi.plans.services import error_text


class UnitSerializer(serializers.ModelSerializer):
    parent_code = serializers.CharField(
        source="parent.code", default=None, read_only=True, allow_null=True
    )

    class Meta:
        model = Unit
        fields = ["code", "name", "parent_code", "sector", "kecamatan"]


class PositionSerializer(serializers.ModelSerializer):
    unit_code = serializers.CharField(source="unit.code", read_only=True)

    class Meta:
        model = Position
        fields = [
            "code",
            "unit_code",
            "name",
            "kind",
            "job_family",
            "gol_min",
            "gol_max",
            "education_min",
            "majors",
            "certificate",
            "competencies",
            "formation",
        ]


class EmployeeSerializer(serializers.ModelSerializer):
    position_code = serializers.CharField(source="position.code", read_only=True)
    unit_code = serializers.CharField(source="position.unit.code", read_only=True)

    class Meta:
        model = Employee
        fields = [
            "nip",
            "name",
            "birth_date",
            "gender",
            "employee_type",
            "golongan",
            "education",
            "major",
            "position_code",
            "unit_code",
            "position_start",
            "performance",
            "potential",
            "competencies",
            "certificates",
        ]


class NeedsSerializer(serializers.Serializer):
    """The needs of one post (ABK): formation in force, staff, shortage and surplus."""

    code = serializers.CharField()
    name = serializers.CharField()
    unit_code = serializers.CharField()
    sector = serializers.CharField()
    staff = serializers.IntegerField()
    formation = serializers.IntegerField()
    abk_formation = serializers.IntegerField(allow_null=True)
    source = serializers.CharField()
    shortage = serializers.IntegerField()
    surplus = serializers.IntegerField()


class MoveSerializer(serializers.ModelSerializer):
    nip = serializers.CharField(source="employee.nip", read_only=True)
    name = serializers.CharField(source="employee.name", read_only=True)
    from_position = serializers.CharField(source="from_position.code", read_only=True)
    to_position = serializers.CharField(source="to_position.code", read_only=True)
    # in the request's language, as the pages say it (Indonesian unless switched)
    reason = serializers.SerializerMethodField()

    class Meta:
        model = Move
        fields = ["nip", "name", "from_position", "to_position", "reason", "chain", "forced"]

    def get_reason(self, move: Move) -> str:
        return reasons.move_reason(move)


class PlanSerializer(serializers.ModelSerializer):
    cycle = serializers.CharField(
        source="cycle.name", default=None, read_only=True, allow_null=True
    )

    class Meta:
        model = Plan
        fields = ["id", "name", "cycle", "mechanism", "status", "created_at", "metrics"]


class PlanWithMovesSerializer(PlanSerializer):
    moves = serializers.SerializerMethodField()

    class Meta(PlanSerializer.Meta):
        fields = [*PlanSerializer.Meta.fields, "moves"]

    def get_moves(self, plan: Plan) -> list[dict]:  # type: ignore[type-arg]
        moves = (
            Move.objects.filter(plan=plan)
            .exclude(to_position_id=F("from_position_id"))
            .select_related("employee", "from_position", "to_position")
            .order_by("employee__nip")
        )
        return MoveSerializer(moves, many=True).data  # type: ignore[return-value]


class RunStatusSerializer(serializers.ModelSerializer):
    error = serializers.SerializerMethodField()

    class Meta:
        model = Plan
        fields = ["id", "status", "progress", "error", "version"]

    def get_error(self, plan: Plan) -> str:
        return error_text(plan.error, plan.metrics)


class ImportIssueSerializer(serializers.Serializer):
    sheet = serializers.CharField()
    row = serializers.IntegerField(allow_null=True)
    column = serializers.CharField()
    value = serializers.CharField()
    message = serializers.CharField()


class ImportReportSerializer(serializers.Serializer):
    ok = serializers.BooleanField()
    confirmed = serializers.BooleanField()
    errors = ImportIssueSerializer(many=True)
    warnings = ImportIssueSerializer(many=True)
    counts = serializers.DictField(child=serializers.DictField(child=serializers.IntegerField()))


class ImportUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="The import workbook (.xlsx).")
    confirm = serializers.BooleanField(
        default=False,
        help_text="false: check the file and report what it would change (nothing is written); "
        "true: import it, all or nothing.",
    )

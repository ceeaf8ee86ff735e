from rest_framework import serializers

from ..models import AuditEntry, Department, DepartmentKind, Division, Membership, User


class DivisionSerializer(serializers.ModelSerializer):
    parent_code = serializers.CharField(source="parent.code", read_only=True, default=None, allow_null=True)

    class Meta:
        model = Division
        fields = ["id", "code", "name", "level", "parent_code", "path"]


class DepartmentKindSerializer(serializers.ModelSerializer):
    class Meta:
        model = DepartmentKind
        fields = ["id", "code", "name", "name_en"]


class DepartmentSerializer(serializers.ModelSerializer):
    kind = serializers.SlugRelatedField(slug_field="code", read_only=True)
    division_code = serializers.CharField(source="division.code", read_only=True)

    class Meta:
        model = Department
        fields = ["id", "name", "kind", "division_code", "phone", "is_active"]


class MembershipSerializer(serializers.ModelSerializer):
    department = DepartmentSerializer(read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "department", "role", "is_active"]


class MeSerializer(serializers.ModelSerializer):
    memberships = MembershipSerializer(many=True, read_only=True)
    capabilities = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "username", "display_name", "email", "memberships", "capabilities"]

    def get_capabilities(self, obj) -> list[str]:
        from ..access import user_scope

        return sorted(user_scope(obj).capabilities)


class AuditEntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = AuditEntry
        fields = [
            "seq",
            "at",
            "actor",
            "actor_repr",
            "request_id",
            "action",
            "model",
            "object_id",
            "object_repr",
            "before",
            "after",
            "note",
            "hash",
        ]

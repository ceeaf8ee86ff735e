"""Factories for the organisation model; other apps build on these."""

import factory
from factory.django import DjangoModelFactory

from zhenwei.core.choices import DivisionLevel, Role
from zhenwei.core.models import Department, DepartmentKind, Division, Membership, User


class DivisionFactory(DjangoModelFactory):
    class Meta:
        model = Division
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"{990000 + n * 100}")
    name = factory.Sequence(lambda n: f"测试区划{n}")
    level = DivisionLevel.PROVINCE
    parent = None
    path = factory.LazyAttribute(lambda o: f"{o.parent.path if o.parent else '/'}{o.code}/")


class DepartmentKindFactory(DjangoModelFactory):
    class Meta:
        model = DepartmentKind
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"kind{n}")
    name = factory.Sequence(lambda n: f"部门类型{n}")


class DepartmentFactory(DjangoModelFactory):
    class Meta:
        model = Department

    name = factory.Sequence(lambda n: f"测试部门{n}")
    kind = factory.SubFactory(DepartmentKindFactory)
    division = factory.SubFactory(DivisionFactory)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.Sequence(lambda n: f"用户{n}")
    password = factory.django.Password("test-password-123")
    is_staff = True


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    department = factory.SubFactory(DepartmentFactory)
    role = Role.OFFICER


def user_with_role(username: str, department: Department, role: str = Role.OFFICER) -> User:
    user = UserFactory(username=username)
    MembershipFactory(user=user, department=department, role=role)
    return user

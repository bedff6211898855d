"""Factories for the foundation's models."""

from __future__ import annotations

from typing import Any

import factory
from factory.django import DjangoModelFactory

from tutela.accounts.models import Membership, User
from tutela.accounts.roles import Role
from tutela.organizations.models import Body, Group, Organization, Unit


class OrganizationFactory(DjangoModelFactory[Organization]):
    class Meta:
        model = Organization

    acronym = factory.Sequence(lambda n: f"ORG{n}")
    name = factory.Sequence(lambda n: f"Organization number {n}")
    type = "programme"


class UnitFactory(DjangoModelFactory[Unit]):
    class Meta:
        model = Unit
        skip_postgeneration_save = True

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Country office {n}")
    type = "country_office"
    country = "CD"

    @factory.post_generation
    def set_path(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            parent_path = self.parent.path if self.parent else "/"
            self.path = f"{parent_path}{self.pk}/"
            Unit.objects.filter(pk=self.pk).update(path=self.path)


class BodyFactory(DjangoModelFactory[Body]):
    class Meta:
        model = Body

    acronym = factory.Sequence(lambda n: f"BODY{n}")
    name = factory.Sequence(lambda n: f"Committee {n}")
    kind = "committee"


class GroupFactory(DjangoModelFactory[Group]):
    class Meta:
        model = Group

    code = factory.Sequence(lambda n: f"group-{n}")
    name = factory.Sequence(lambda n: f"Working group {n}")
    kind = "working_group"


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.django.Password("correct horse battery")


def user_with_role(role: Role, **scope: Any) -> User:
    user = UserFactory()
    Membership.objects.create(user=user, role=role.value, **scope)
    return user

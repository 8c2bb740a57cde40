from django.core.management import call_command

from apprenticeship.models import CompetencyBlock


def test_demo_competency_framework_loads_once_per_program(session_2021):
    call_command("load_competency_framework")
    call_command("load_competency_framework")
    assert CompetencyBlock.objects.filter(program__code="bat").count() == 5
    assert CompetencyBlock.objects.count() == 15

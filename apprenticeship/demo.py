"""A starting competency framework for the demo programs (admin data afterwards: the
school edits the blocks in the admin). Safe to rerun: blocks are matched by their code."""

from admissions.models import Program

from .models import CompetencyBlock

# The blocks every engineering program of the demo shares, then each program's own.
COMMON = [
    (
        "C1",
        "Analyser un besoin et concevoir une solution technique",
        "Analyse a need and design a technical solution",
    ),
    ("C2", "Piloter un projet et une équipe", "Lead a project and a team"),
    (
        "C3",
        "Agir en responsabilité : qualité, sécurité, environnement",
        "Act responsibly: quality, safety, environment",
    ),
    ("C4", "Communiquer, y compris en anglais", "Communicate, in English too"),
]
OWN = {
    "bat": ("C5", "Concevoir et réaliser des bâtiments durables", "Design and build sustainable buildings"),
    "infres": (
        "C5",
        "Concevoir et exploiter des systèmes d'information et des réseaux",
        "Design and run information systems and networks",
    ),
    "mkx": (
        "C5",
        "Concevoir et industrialiser des systèmes mécatroniques",
        "Design and industrialise mechatronic systems",
    ),
}


def load_competency_frameworks() -> int:
    """Blocks for each demo program present; returns how many blocks were created."""
    created = 0
    for program in Program.objects.filter(code__in=OWN):
        for position, (code, label_fr, label_en) in enumerate([*COMMON, OWN[program.code]], start=1):
            _block, new = CompetencyBlock.objects.update_or_create(
                program=program,
                code=code,
                defaults={"label_fr": label_fr, "label_en": label_en, "position": position},
            )
            created += new
    return created

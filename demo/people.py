"""Visibly fictional people: names drawn from fixed lists with a fixed seed, addresses at
example.org (reserved for examples: no mail reaches a real person)."""

import random
from dataclasses import dataclass

FIRST_NAMES = (
    "Camille",
    "Léa",
    "Hugo",
    "Inès",
    "Lucas",
    "Manon",
    "Nathan",
    "Chloé",
    "Louis",
    "Jade",
    "Gabriel",
    "Zoé",
    "Arthur",
    "Lina",
    "Jules",
    "Emma",
    "Adam",
    "Sarah",
    "Raphaël",
    "Louise",
    "Théo",
    "Alice",
    "Noah",
    "Lou",
    "Tom",
    "Anaïs",
    "Maël",
    "Yasmine",
    "Enzo",
    "Clara",
)
LAST_NAMES = (
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefebvre",
    "Michel",
    "Garcia",
    "David",
    "Bertrand",
    "Roux",
    "Vincent",
    "Fournier",
    "Morel",
    "Girard",
    "André",
    "Mercier",
    "Dupont",
    "Lambert",
    "Bonnet",
    "François",
    "Martinez",
    "Legrand",
    "Garnier",
    "Faure",
    "Rousseau",
    "Blanc",
    "Guerin",
)
BAC_SERIES = ("STI2D", "S", "STI2D", "STL", "Bac pro Technicien du bâtiment", "S")
ESTABLISHMENTS = (
    "IUT de Nîmes (fictif)",
    "Lycée Exemple, Alès",
    "IUT d'Exempleville",
    "Lycée Démo, Montpellier",
    "Université Fictive de Marseille",
)


@dataclass(frozen=True)
class Person:
    first_name: str
    last_name: str
    email: str


def people(*, seed: int, count: int, tag: str) -> list[Person]:
    """`count` distinct people, the same ones for the same seed and tag."""
    rng = random.Random(f"{seed}-{tag}")
    chosen = []
    for number in range(count):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        email = f"{_ascii(first)}.{_ascii(last)}.{tag}{number:03d}@example.org"
        chosen.append(Person(first, last, email))
    return chosen


def _ascii(name: str) -> str:
    table = str.maketrans("éèëêïîôöàâçüûÉ", "eeeeiiooaacuuE")
    return name.translate(table).lower().replace(" ", "-").replace("'", "")

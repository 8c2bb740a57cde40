"""The CPU cost of one password hash (a sign-up) and one check (a login), per hasher.

    .venv/bin/python benchmarks/password_hashers.py [--rounds 5]

Django's default PBKDF2 (SHA-256, Django's iteration count) against Django's
Argon2PasswordHasher (argon2id, Django's parameters: time_cost 2, memory_cost 100 MiB,
parallelism 8) and the two strengths RFC 9106 §4 and OWASP recommend. CPU seconds of the
whole process (every thread: argon2 runs its lanes on threads), the wall time, and the
memory each hash holds while it runs. The median of --rounds, after one warm-up.
"""

import argparse
import os
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")


def measure(hasher, rounds):
    hasher.encode("warm-up-password", hasher.salt())
    cpu, wall = [], []
    for _ in range(rounds):
        c0, w0 = time.process_time(), time.perf_counter()
        encoded = hasher.encode("Candidat-Mot-de-passe-2021", hasher.salt())
        cpu.append(time.process_time() - c0)
        wall.append(time.perf_counter() - w0)
    c0 = time.process_time()
    assert hasher.verify("Candidat-Mot-de-passe-2021", encoded)
    return statistics.median(cpu), statistics.median(wall), time.process_time() - c0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    import django

    django.setup()
    from django.contrib.auth.hashers import Argon2PasswordHasher, PBKDF2PasswordHasher

    class Argon2Rfc9106Second(Argon2PasswordHasher):
        """RFC 9106 §4, second recommended option: t=3, m=64 MiB, p=4."""

        time_cost, memory_cost, parallelism = 3, 64 * 1024, 4

    class Argon2Owasp(Argon2PasswordHasher):
        """OWASP's password storage cheat sheet, first line: m=19 MiB, t=2, p=1."""

        time_cost, memory_cost, parallelism = 2, 19 * 1024, 1

    rows = [
        (
            f"PBKDF2-SHA256, {PBKDF2PasswordHasher.iterations:,} iterations (Django default)",
            PBKDF2PasswordHasher(),
        ),
        ("Argon2id t=2 m=100 MiB p=8 (Django default)", Argon2PasswordHasher()),
        ("Argon2id t=3 m=64 MiB p=4 (RFC 9106 second option)", Argon2Rfc9106Second()),
        ("Argon2id t=2 m=19 MiB p=1 (OWASP minimum)", Argon2Owasp()),
    ]
    from accounts.hashers import PortalArgon2PasswordHasher

    portal = PortalArgon2PasswordHasher()
    rows.append(
        (
            f"the portal's (accounts.hashers): t={portal.time_cost} m={portal.memory_cost // 1024} MiB "
            f"p={portal.parallelism}",
            portal,
        )
    )
    print(f"{'hasher':58} {'CPU ms':>7} {'wall ms':>8} {'check CPU ms':>13}")
    for label, hasher in rows:
        cpu, wall, check = measure(hasher, args.rounds)
        print(f"{label:58} {cpu * 1000:7.0f} {wall * 1000:8.0f} {check * 1000:13.0f}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory of this process: {peak:.0f} MiB (argon2 holds memory_cost while it hashes)")


if __name__ == "__main__":
    main()

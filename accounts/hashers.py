"""The password hash of every account: Argon2id at OWASP's parameters.

Django's own Argon2 parameters (100 MiB, t=2, p=8) cost 0.33 s of CPU per sign-up or login;
on deadline night the sign-ups and logins were a third of the web tier's CPU (docs/scaling.md).
OWASP's password storage cheat sheet sets Argon2id's floor at 19 MiB of memory, 2 passes and
1 lane, which costs 43 ms here and keeps a stolen hash costly on GPUs (the memory, not the
CPU, is what they lack). A school that wants more raises the settings; a hash made with other
parameters still verifies, and is rewritten at its owner's next login (`must_update`)."""

from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher


class PortalArgon2PasswordHasher(Argon2PasswordHasher):
    # Same algorithm name as Django's: the hashes already stored verify as they are.
    time_cost = settings.PASSWORD_ARGON2_TIME_COST
    memory_cost = settings.PASSWORD_ARGON2_MEMORY_KIB
    parallelism = settings.PASSWORD_ARGON2_PARALLELISM

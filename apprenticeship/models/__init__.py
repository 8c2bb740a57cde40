"""The CFA's models, one module per subject (job sheets, contracts, complementary list…)."""

from .contracts import Contract, DiplomaVerification
from .job_sheets import BlockReview, CompetencyBlock, JobSheet, JobSheetReview, JobSheetVersion

__all__ = [
    "BlockReview",
    "CompetencyBlock",
    "Contract",
    "DiplomaVerification",
    "JobSheet",
    "JobSheetReview",
    "JobSheetVersion",
]

"""The CFA's models, one module per subject (job sheets, contracts, complementary list)."""

from .complementary import ComplementaryDraw, ComplementaryEntry, ComplementaryListSetting
from .contracts import Contract, DiplomaVerification
from .job_sheets import BlockReview, CompetencyBlock, JobSheet, JobSheetReview, JobSheetVersion

__all__ = [
    "BlockReview",
    "CompetencyBlock",
    "ComplementaryDraw",
    "ComplementaryEntry",
    "ComplementaryListSetting",
    "Contract",
    "DiplomaVerification",
    "JobSheet",
    "JobSheetReview",
    "JobSheetVersion",
]

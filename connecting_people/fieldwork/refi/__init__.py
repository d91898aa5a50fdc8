"""Exchange with other qualitative analysis tools through the REFI-QDA standard (QDA-XML 1.0):
.qdpx projects (a zip of project.qde and the sources) and .qdc codebooks.

`archive` reads and checks an archive whole, `project` turns QDA-XML into plain data, `positions`
converts each tool's way of counting characters, `plan` says what an import will do before it writes,
`actions` writes it, and `writer` exports. See docs/refi-qda.md."""

from .actions import CaseChoice, apply_plan, do_import_codebook, do_import_project, do_map_tag_to_component
from .archive import MAX_ARCHIVE_BYTES, Archive
from .errors import RefiError
from .plan import ACTION_LABELS, Plan, make_plan
from .project import read_codebook
from .report import RefiReport, report_lines
from .writer import export_codebook, export_project

__all__ = [
    "ACTION_LABELS",
    "MAX_ARCHIVE_BYTES",
    "Archive",
    "CaseChoice",
    "Plan",
    "RefiError",
    "RefiReport",
    "apply_plan",
    "do_import_codebook",
    "do_import_project",
    "do_map_tag_to_component",
    "export_codebook",
    "export_project",
    "make_plan",
    "read_codebook",
    "report_lines",
]

"""`autograder report DIR`: class analytics (plots and summary tables) from a `grade-all` output folder."""
import json
from pathlib import Path

from ..batch.analytics import write_report
from ..batch.labels import diagnosis_labels
from ..batch.store import Store
from ..course import default_course
from ..errors import EXIT_OK, UsageError


def run(args) -> int:
    path = args.dir / "gradebook.json"
    try:
        book = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"no gradebook in {args.dir}: run `autograder grade-all ... --out {args.dir}` first") from None
    except (OSError, ValueError) as error:
        raise UsageError(f"cannot read {path}: {error}") from None
    labels = diagnosis_labels(default_course(), [a["name"] for a in book["assignments"]], Store(args.dir).all())
    written = write_report(book, labels, args.out or args.dir / "report")
    for file in written:
        print(file)
    return EXIT_OK


def register(commands) -> None:
    parser = commands.add_parser("report", help="class analytics from a grade-all folder: plots and summary tables")
    parser.add_argument("dir", type=Path, help="the --out folder of `autograder grade-all`")
    parser.add_argument("--out", type=Path, metavar="FOLDER", help="where to write the report (default: DIR/report)")
    parser.set_defaults(run=run)

"""REFI-QDA import speed: a project as NVivo writes it (UTF-8 with a BOM, CRLF, UTF-16 positions).

Target (issue 11): a 5 MB project with 2,000 selections and 500 codes imports in under 5 s.
Run: .venv/bin/python bench/refi_bench.py [--postgres] [--sources 40] [--selections 2000] [--codes 500]
Uses a scratch database and media folder in a temporary directory."""

from __future__ import annotations

import argparse
import io
import random
import time
import uuid
import zipfile

import scratch

from connecting_people.accounts.models import Organisation
from connecting_people.fieldwork import refi
from connecting_people.fieldwork.models import Excerpt
from connecting_people.interventions import actions, modelfile


def gid(*parts: object) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "/".join(map(str, parts)))).upper()


def project(rng: random.Random, sources: int, selections: int, codes: int, megabytes: float) -> bytes:
    """NVivo's conventions: BOM, CRLF, positions in UTF-16 code units; a three-level code tree; two users."""
    words_per_source = int(megabytes * 1024 * 1024 / sources / 7)
    code_xml, names = [], []
    for n in range(codes):
        names.append(f"Theme {n // 25} › code {n}")
    groups: dict[int, list[int]] = {}
    for n in range(codes):
        groups.setdefault(n // 25, []).append(n)
    for group, members in groups.items():
        children = "".join(
            f'<Code guid="{gid("code", n)}" name="code {n} {scratch.sentence(rng, 3)}" isCodable="true" '
            'color="#3366CC">'
            f"<Description>{scratch.sentence(rng, 12)}</Description></Code>"
            for n in members
        )
        code_xml.append(
            f'<Code guid="{gid("group", group)}" name="Theme {group}" isCodable="false">{children}</Code>'
        )
    members: dict[str, bytes] = {}
    source_xml = []
    per_source = selections // sources
    for s in range(sources):
        lines = []
        while sum(len(line) for line in lines) < words_per_source * 7:
            speaker = "Interviewer" if len(lines) % 2 == 0 else "P1"
            lines.append(f"{speaker}: {scratch.sentence(rng, rng.randint(20, 80))} 😀")
        text = "\r\n".join(lines) + "\r\n"
        members[f"Sources/{gid('file', s)}.txt"] = b"\xef\xbb\xbf" + text.encode("utf-8")
        sels = []
        for k in range(per_source):
            line = rng.randrange(len(lines))
            start_cp = sum(len(x) + 2 for x in lines[:line]) + len(lines[line].split(": ", 1)[0]) + 2
            end_cp = start_cp + rng.randint(20, 200)
            end_cp = min(end_cp, len(text) - 1)
            start, end = (len(text[:i].encode("utf-16-le")) // 2 for i in (start_cp, end_cp))
            user = gid("user", k % 2)
            codings = "".join(
                (
                    f'<Coding guid="{gid("coding", s, k, c)}" creatingUser="{user}">'
                    f'<CodeRef targetGUID="{gid("code", c)}"/></Coding>'
                )
                for c in rng.sample(range(codes), 2)
            )
            sels.append(
                f'<PlainTextSelection guid="{gid("sel", s, k)}" startPosition="{start}" endPosition="{end}" '
                f'creatingUser="{user}">{codings}</PlainTextSelection>'
            )
        source_xml.append(
            (
                f'<TextSource guid="{gid("src", s)}" name="Interview {s}" '
                f'plainTextPath="internal://{gid("file", s)}.txt">'
            )
            + "".join(sels)
            + "</TextSource>"
        )
    qde = (
        '<?xml version="1.0" encoding="utf-8"?><Project xmlns="urn:QDA-XML:project:1.0" name="Bench" '
        'origin="NVivo 14">'
        f'<Users><User guid="{gid("user", 0)}" name="Coder A"/><User guid="{gid("user", 1)}" name="Coder B"/>'
        "</Users>"
        f"<CodeBook><Codes>{''.join(code_xml)}</Codes></CodeBook><Sources>{''.join(source_xml)}</Sources></Project>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", qde)
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--sources", type=int, default=40)
    parser.add_argument("--selections", type=int, default=2000)
    parser.add_argument("--codes", type=int, default=500)
    parser.add_argument("--megabytes", type=float, default=5.0)
    args = parser.parse_args()
    vendor = scratch.setup()

    path = scratch.ROOT / "connecting_people/interventions/data/default_model.yaml"
    actions.do_import_version(None, modelfile.parse(path.read_text()), publish=True)
    team = Organisation.objects.create(name="Bench team", sector="university", region="london")
    data = project(random.Random(11), args.sources, args.selections, args.codes, args.megabytes)
    text_bytes = sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(data)).infolist())
    print(
        f"{vendor}: project of {text_bytes / 1024 / 1024:.1f} MB unpacked ({len(data) / 1024 / 1024:.1f} MB "
        f"zipped), {args.sources} sources, {args.selections} selections, {args.codes} codes"
    )
    start = time.perf_counter()
    report = refi.do_import_project(None, team, data)
    first = time.perf_counter() - start
    start = time.perf_counter()
    again = refi.do_import_project(None, team, data)
    second = time.perf_counter() - start
    print(
        f"import: {first:.2f} s ({report.count('imported')} sources, {Excerpt.objects.count()} codings by "
        f"{len(report.codings_by_coder)} coders); re-import of the same project (all unchanged): "
        f"{second:.2f} s ({again.count('unchanged')} unchanged)"
    )


if __name__ == "__main__":
    main()

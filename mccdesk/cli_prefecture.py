"""`mccdesk prefecture …`: the prefecture office's commands; registered by mccdesk.cli.

The prefecture store lives in the --data-dir folder (prefecture.db beside prefecture.keycheck;
file names that never clash with a case book's), keyed like a case book (OS credential store,
recovery key shown once at `init`).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from mccdesk.safe_files import shown

STATE_JA = {"received": "受領", "waiting": "未着（期限前）", "missing": "未着（期限超過）"}
STATUS_JA = {"accepted": "受付", "held": "保留", "quarantined": "隔離"}


def add_parsers(sub: argparse._SubParsersAction, parser_class: type) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("prefecture", help="県（総合事務局）の操作 / the prefecture office")
    ps = p.add_subparsers(dest="prefecture_command", parser_class=parser_class, required=True)
    init = ps.add_parser("init", help="県の暗号化ストアと鍵を作る / create the store and keys")
    init.add_argument("--name", default="", help="office name, e.g. 総合事務局")
    ps.add_parser("fingerprint", help="県の鍵の指紋 / the prefecture's key fingerprints")
    from mccdesk.cli import add_recovery_key_options

    unlock = ps.add_parser("unlock", help="回復キーで開く / unlock with the recovery key")
    add_recovery_key_options(unlock)
    bak = ps.add_parser("backup", help="県のストアの暗号化バックアップ / encrypted backup")
    bak.add_argument("file", type=Path)
    res = ps.add_parser("restore", help="バックアップから復元 / restore a backup")
    res.add_argument("file", type=Path)
    add_recovery_key_options(res)
    reg = ps.add_parser("register", help="ブランチの鍵を登録 / register a branch key")
    reg.add_argument("file", type=Path, help="the branch's registration file (key export)")
    reg.add_argument("--fingerprint", help="as read out by the branch (else it asks)")
    rev = ps.add_parser("revoke", help="ブランチの鍵を失効 / revoke a branch's key")
    rev.add_argument("branch")
    rev.add_argument("--from", dest="when", help="date or UTC time (default: now)")
    rev.add_argument("--key-id", help="only this key (default: all the branch's keys)")
    pub = ps.add_parser("publish", help="参照パッケージを公開 / publish the reference package")
    pub.add_argument("--drop", type=Path, required=True)
    ing = ps.add_parser("ingest", help="集計ファイルの受付 / ingest the branches' summaries")
    ing.add_argument("--drop", type=Path, required=True)
    st = ps.add_parser("status", help="提出状況 / which branches have reported")
    st.add_argument("--period", help="e.g. FY2024-Q3 (default: the last finished quarter)")
    st.add_argument("--today", help=argparse.SUPPRESS)  # for tests and re-runs: YYYY-MM-DD
    ps.add_parser("quarantine", help="保留・隔離したファイル / held and quarantined files")
    rep = ps.add_parser("report", help="県の集計表 / the prefecture's tables")
    rep.add_argument("--period", required=True)
    rep.add_argument("--xlsx", type=Path)
    rep.add_argument("--pdf", type=Path)
    opn = ps.add_parser("open", help="県の画面を開く / open the prefecture window")
    opn.add_argument("--drop", type=Path, help="the drop folder (remembered on this PC)")


def _folder(args: argparse.Namespace) -> Path:
    return Path(args.data_dir)


def _open(args: argparse.Namespace) -> Any:
    from mccdesk.prefecture.office import PrefectureOffice

    return PrefectureOffice.open(_folder(args))


def _say_fingerprints(office: Any, out: Any) -> None:
    fp = office.fingerprints()
    out.say(
        f"署名鍵の指紋（ブランチに伝える）: {fp.signing}", f"Signing key fingerprint: {fp.signing}"
    )
    out.say(f"封緘鍵の指紋: {fp.sealing}", f"Sealing key fingerprint: {fp.sealing}")


def cmd_init(args: argparse.Namespace, out: Any) -> int:
    from mccdesk.prefecture.office import PrefectureOffice

    office, key = PrefectureOffice.create(_folder(args), args.name)
    with office:
        out.say(
            f"県のストアを作成しました: {_folder(args)}",
            f"Prefecture store created: {_folder(args)}",
        )
        _say_fingerprints(office, out)
        key_id = office.key_id
    out.say(
        "回復キー（この一度だけ表示します。印刷して金庫などに保管してください）:",
        "Recovery key (shown this once: print it and keep it in the office safe):",
    )
    text = PrefectureOffice.recovery_key_text(key)
    out.say(text, text)
    out.say(f"鍵ID {key_id}", f"Key ID {key_id}")
    return 0


def cmd_unlock(args: argparse.Namespace, out: Any) -> int:
    from mccdesk.cli import _ask_unlock_key
    from mccdesk.prefecture.office import PrefectureOffice

    PrefectureOffice.unlock(_folder(args), _ask_unlock_key(args, out))
    out.say(
        "回復キーで鍵を確認し、このPCのこのユーザーに保存しました。",
        "The recovery key was accepted and the key is now stored for this user on this PC.",
    )
    return 0


def cmd_backup(args: argparse.Namespace, out: Any) -> int:
    with _open(args) as office:
        path = office.backup(args.file)
        key_id = office.key_id
    out.say(
        f"県のストアのバックアップを作成し、検査しました: {path}\n"
        f"このバックアップは鍵ID {key_id} の回復キーで開きます。",
        f"Prefecture store backup written and verified: {path}\n"
        f"It opens with the recovery key of key ID {key_id}.",
    )
    return 0


def cmd_restore(args: argparse.Namespace, out: Any) -> int:
    from mccdesk.cli import ask_backup_key, say_restored
    from mccdesk.prefecture.office import PrefectureOffice

    restored = PrefectureOffice.restore(
        _folder(args), args.file, lambda info: ask_backup_key(args, out, info)
    )
    say_restored(out, restored, _folder(args))
    return 0


def _ask_fingerprint(found: Any, out: Any) -> str:
    from mccdesk.errors import UsageError

    out.say(
        f"ブランチ {found.branch}（{shown(found.branch_name)}）の鍵です。\n"
        "ブランチに電話し、相手が読み上げた指紋を入力してください（ファイルの指紋は表示しません）:",
        f"This is the key of branch {found.branch} ({shown(found.branch_name)}).\n"
        "Call the branch and type the fingerprint they read out (the file's is not shown):",
    )
    try:
        return input("> ")
    except EOFError:
        raise UsageError(detail="no fingerprint typed: give --fingerprint") from None


def cmd_register(args: argparse.Namespace, out: Any) -> int:
    with _open(args) as office:
        fingerprint = args.fingerprint
        if fingerprint is None:
            fingerprint = _ask_fingerprint(office.read_registration(args.file), out)
        found, new = office.register(args.file, fingerprint)
    if new:
        out.say(
            f"ブランチ {found.branch} の鍵を登録しました（指紋 {found.fingerprint}）。"
            " ブランチに届けるには `mccdesk prefecture publish` を実行してください。",
            f"Branch {found.branch}'s key is registered (fingerprint {found.fingerprint})."
            " Run `mccdesk prefecture publish` so the branches get it.",
        )
    else:
        out.say(
            f"ブランチ {found.branch} のこの鍵は登録済みです（変更なし）。",
            f"This key of branch {found.branch} was registered already (nothing changed).",
        )
    return 0


def cmd_revoke(args: argparse.Namespace, out: Any) -> int:
    from mccdesk.prefecture import registry

    when = (
        registry.parse_when(args.when)
        if args.when
        else datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    )
    with _open(args) as office:
        n = office.revoke(args.branch, when, args.key_id)
    stamp = when.strftime("%Y-%m-%d %H:%M:%S UTC")
    out.say(
        f"ブランチ {shown(args.branch)} の鍵 {n} 件を {stamp} から失効させました。"
        "この時刻以降に届いたファイルは受け付けず、受け付け済みでも外します。",
        f"{n} key(s) of branch {shown(args.branch)} revoked from {stamp}."
        " Files received from then on are refused, and taken out if already accepted.",
    )
    return 0


def cmd_publish(args: argparse.Namespace, out: Any) -> int:
    with _open(args) as office:
        version, path = office.publish(args.drop)
        fp = office.fingerprints().signing
    out.say(
        f"参照パッケージ 第{version}版を公開しました: {path}\n署名鍵の指紋: {fp}",
        f"Reference package version {version} published: {path}\nSigning key fingerprint: {fp}",
    )
    return 0


def cmd_ingest(args: argparse.Namespace, out: Any) -> int:
    from mccdesk.prefecture import model

    def progress(done: int, total: int) -> None:
        if total >= 500 and done % 500 == 0:
            out.warn(f"確認中… {done}/{total}", f"Checking… {done}/{total}")

    with _open(args) as office:
        report = office.ingest(args.drop, progress)
    for o in report.outcomes:
        if o.new and o.status != model.ACCEPTED:
            ja, en = model.reason_text(o.reason, "ja"), model.reason_text(o.reason, "en")
            name = f"{shown(o.branch)} {shown(o.file_name)}"  # from the drop: never raw
            out.warn(f"{STATUS_JA[o.status]}: {name}（{ja}）", f"{o.status}: {name} ({en})")
    for w in report.warnings:
        out.warn(f"注意: {w}", f"Warning: {w}")
    acc, held, bad = (report.count(s) for s in (model.ACCEPTED, model.HELD, model.QUARANTINED))
    same = sum(not o.new for o in report.outcomes)
    out.say(
        f"受付 {acc} 件、保留 {held} 件、隔離 {bad} 件、既に処理済み {same} 件。"
        f" 受領通知 {report.acks_written} 件を書きました。",
        f"Accepted {acc}, held {held}, quarantined {bad}, seen before {same}."
        f" {report.acks_written} acknowledgement(s) written.",
    )
    return 0


def cmd_status(args: argparse.Namespace, out: Any) -> int:
    from mccdesk.periods import FiscalQuarter
    from mccdesk.prefecture import model

    today = date.fromisoformat(args.today) if args.today else date.today()
    period = (
        FiscalQuarter.parse(args.period)
        if args.period
        else FiscalQuarter.containing(today).previous()
    )
    with _open(args) as office:
        c = office.completeness(period, today)
    due = c.deadline.strftime("%Y/%m/%d")
    out.say(f"{c.period} 提出期限 {due}", f"{c.period}: due {due}")
    if not c.branches:
        out.say("登録されたブランチがありません。", "No branch is registered.")
    for b in c.branches:
        branch = f"{b.branch} {shown(b.branch_name)}"  # the name came in a registration file
        rev_ja = f" 第{b.revision}版" if b.revision is not None else ""
        rev_en = f" revision {b.revision}" if b.revision is not None else ""
        late = ("（期限後に受領）", " (arrived late)") if b.late else ("", "")
        held = (f" 保留・隔離 {b.held} 件", f", {b.held} held/quarantined") if b.held else ("", "")
        out.say(
            f"  {branch}: {STATE_JA[b.state]}{rev_ja}{late[0]}{held[0]}",
            f"  {branch}: {b.state}{rev_en}{late[1]}{held[1]}",
        )
    missing = c.by_state(model.MISSING)
    if missing:
        out.warn(
            f"未提出（期限超過）: {', '.join(missing)}",
            f"Missing submissions: {', '.join(missing)}",
        )
    return 0


def cmd_quarantine(args: argparse.Namespace, out: Any) -> int:
    from mccdesk.prefecture import model

    with _open(args) as office:
        files = office.quarantine()
    if not files:
        out.say("保留・隔離したファイルはありません。", "No held or quarantined files.")
    for f in files:
        when = f.received_at.strftime("%Y/%m/%d %H:%M")
        what = f"{shown(f.branch)} {shown(f.period)} {shown(f.file_name)}"  # from the drop
        out.say(
            f"{when} {STATUS_JA[f.status]} {what}: {model.reason_text(f.reason, 'ja')}",
            f"{when} {f.status} {what}: {model.reason_text(f.reason, 'en')}",
        )
    return 0


def cmd_report(args: argparse.Namespace, out: Any) -> int:
    """The prefecture's tables of a period as Excel and/or PDF (mccdesk.prefecture.report)."""
    from mccdesk.errors import UsageError
    from mccdesk.periods import FiscalQuarter
    from mccdesk.prefecture import report

    if args.xlsx is None and args.pdf is None:
        raise UsageError(detail="--xlsx FILE and/or --pdf FILE")
    with _open(args) as office:
        report.write(office, FiscalQuarter.parse(args.period), args.xlsx, args.pdf)
    for path in (args.xlsx, args.pdf):
        if path is not None:
            out.say(f"書き出しました: {path}", f"Written: {path}")
    return 0


def cmd_open(args: argparse.Namespace, out: Any) -> int:
    """The prefecture window (mccdesk.ui.prefecture_window); errors show in its one dialog."""
    from mccdesk.ui.prefecture_window import run

    return run(_folder(args), args.drop)


COMMANDS_BY_SUB: dict[str, Callable[[argparse.Namespace, Any], int]] = {
    "init": cmd_init,
    "fingerprint": lambda args, out: _fingerprint(args, out),
    "unlock": cmd_unlock,
    "backup": cmd_backup,
    "restore": cmd_restore,
    "register": cmd_register,
    "revoke": cmd_revoke,
    "publish": cmd_publish,
    "ingest": cmd_ingest,
    "status": cmd_status,
    "quarantine": cmd_quarantine,
    "report": cmd_report,
    "open": cmd_open,
}


def _fingerprint(args: argparse.Namespace, out: Any) -> int:
    with _open(args) as office:
        _say_fingerprints(office, out)
    return 0


def cmd_prefecture(args: argparse.Namespace, out: Any) -> int:
    return COMMANDS_BY_SUB[args.prefecture_command](args, out)


COMMANDS: dict[str, Callable[[argparse.Namespace, Any], int]] = {"prefecture": cmd_prefecture}

"""Typed errors shared by the services, the command line and the screens.

Each error carries a Japanese and an English message and the command line's exit code. Messages
never contain personal data: parameters are counts, codes, record ids, file names and row numbers.
"""

from __future__ import annotations

from typing import ClassVar


class MccdeskError(Exception):
    """Base of every error mccdesk reports to a person."""

    exit_code: ClassVar[int] = 1
    ja: ClassVar[str] = "予期しないエラーが発生しました。"
    en: ClassVar[str] = "An unexpected error occurred."

    def __init__(self, detail: str = "", **params: object) -> None:
        self.detail = detail
        self.params = params
        super().__init__(self.message("en"))

    def message(self, lang: str = "ja") -> str:
        template = self.ja if lang == "ja" else self.en
        text = template.format(**self.params) if self.params else template
        return f"{text}\n{self.detail}" if self.detail else text


# --- exit code 2: usage -------------------------------------------------------------------------


class UsageError(MccdeskError):
    exit_code = 2
    ja = "コマンドの使い方が正しくありません。"
    en = "The command was not used correctly."


class DropFolderNotSet(UsageError):
    ja = (
        "送付フォルダ（県との共有フォルダ）が設定されていません。"
        "アプリの「設定」で指定するか、--drop で指定してください。"
    )
    en = (
        "No drop folder (the folder shared with the prefecture) is set. "
        "Set it in the app's Settings, or give --drop."
    )


class AlreadyInitialised(UsageError):
    ja = "このフォルダにはすでにケースブックがあります: {path}"
    en = "A case book already exists in this folder: {path}"


class NotInitialised(UsageError):
    ja = (
        "ケースブックがありません: {path}\n"
        "`mccdesk init` で作成するか、--data-dir でフォルダを指定してください。"
    )
    en = (
        "No case book here: {path}\n"
        "Create one with `mccdesk init`, or choose the folder with --data-dir."
    )


# --- exit code 3: locked (no key, wrong key, no keystore) ---------------------------------------


class LockedError(MccdeskError):
    exit_code = 3
    ja = "ケースブックを開く鍵がありません。"
    en = "The key to open the case book is not available."


class KeystoreUnavailable(LockedError):
    ja = (
        "OSの資格情報ストア（Windows 資格情報マネージャーなど）が使えません。"
        "鍵を平文で保存することはしません。\n"
        "対処: 資格情報ストアが動いているアカウントでログインし直すか、"
        "Linux では Secret Service（gnome-keyring など）を起動してください。"
    )
    en = (
        "The operating system's credential store (such as Windows Credential Manager) is not "
        "available, and mccdesk never stores the key in plain text.\n"
        "Fix: sign in to an account where the credential store runs, or on Linux start a Secret "
        "Service such as gnome-keyring."
    )


class KeyMissing(LockedError):
    ja = (
        "このPC・このユーザーにはケースブックの鍵が保存されていません。\n"
        "回復キーで開いてください: mccdesk unlock --recovery-key <回復キー>"
    )
    en = (
        "The case book's key is not stored for this user on this PC.\n"
        "Open it with the recovery key: mccdesk unlock --recovery-key <recovery key>"
    )


class WrongKey(LockedError):
    ja = (
        "保存されている鍵はこのケースブックのものではありません（ファイルは壊れていません）。\n"
        "回復キーで開き直してください: mccdesk unlock --recovery-key <回復キー>"
    )
    en = (
        "The stored key does not belong to this case book (the file itself is intact).\n"
        "Open it again with the recovery key: mccdesk unlock --recovery-key <recovery key>"
    )


class WrongRecoveryKey(LockedError):
    ja = (
        "この回復キーはこのケースブックのものではありません。別の回復キーシートを確認してください。"
    )
    en = "This recovery key does not belong to this case book. Check the other recovery-key sheets."


# --- exit code 4: bad input ---------------------------------------------------------------------


class BadInput(MccdeskError):
    exit_code = 4
    ja = "入力内容に誤りがあります。"
    en = "The input is not valid."


class InvalidValue(BadInput):
    ja = "「{field}」の値が正しくありません: {reason}"
    en = "The value of '{field}' is not valid: {reason}"


class RecoveryKeyTypo(BadInput):
    ja = "回復キーの第{group}グループ（左から{group}番目）に打ち間違いがあります。"
    en = "Group {group} of the recovery key (counting from the left) has a typo."


class RecoveryKeyLength(BadInput):
    ja = "回復キーは6桁×{groups}グループです（入力されたのは{found}グループ）。"
    en = "A recovery key has {groups} groups of 6 digits ({found} were entered)."


class ImportRejected(BadInput):
    ja = "取り込みを中止しました。{count}件の問題があります（何も取り込んでいません）。"
    en = "Import stopped: {count} problem(s) found (nothing was imported)."


class NotFound(BadInput):
    ja = "{kind} {id} は見つかりません。"
    en = "{kind} {id} was not found."


class AlreadyCompleted(BadInput):
    ja = "このモニタリングは {on} にすでに完了しています。一覧を更新してください。"
    en = "This follow-up was already completed on {on}. Refresh the list."


class AlreadyRetired(BadInput):
    ja = "この地域資源は {on} からすでに利用終了です。一覧を更新してください。"
    en = "This resource has already been retired since {on}. Refresh the list."


class NoConsentToPrint(BadInput):
    """A referral's child has no recorded consent covering identity on the print date."""

    ja = (
        "紹介状を印刷できません: 紹介 {id} の児童について、{date} 時点で有効な"
        "「氏名・生年月日・住所」の提供への同意が記録されていません（{reason}）。\n"
        "児童の画面の「同意の記録」で、同意した方・同意日・提供範囲を記録してから印刷してください。"
    )
    en = (
        "Cannot print the referral sheet: for referral {id}, no consent to share the child's "
        "name, birth date and address is recorded as valid on {date} ({reason}).\n"
        "Record who consented, when and to what in the child screen (同意の記録), then print again."
    )


# --- exit code 5: damaged or unusable file ------------------------------------------------------


class DamagedError(MccdeskError):
    exit_code = 5
    ja = (
        "ケースブックのファイルが壊れています。"
        "バックアップから復元してください: mccdesk restore <ファイル>"
    )
    en = "The case book file is damaged. Restore it from a backup: mccdesk restore <file>"


class CaseBookDamaged(DamagedError):
    pass


class CipherSettingsMismatch(DamagedError):
    ja = "暗号化の設定が想定と異なるため開きません: {setting}"
    en = "Refusing to open: the encryption setting differs from what mccdesk requires: {setting}"


class NewerCaseBook(DamagedError):
    ja = (
        "このケースブックは新しい版の mccdesk で作られています"
        "（形式 {found}、この版は {supported} まで）。"
        "ファイルは変更していません。mccdesk を更新してください。"
    )
    en = (
        "This case book was made by a newer mccdesk (format {found}; this version reads up to "
        "{supported}). The file was left unchanged. Please update mccdesk."
    )


class DiskFull(DamagedError):
    ja = "ディスクの空き容量が足りないため保存できませんでした。元のファイルはそのままです。"
    en = "Not enough disk space to save; the original file is unchanged."


class CountsDoNotAddUp(BadInput):
    """A summary whose cells do not fit its totals (mccdesk.sync.summary.check_arithmetic)."""

    ja = "集計表の数が合計と合いません: {reason}"
    en = "The summary's counts do not add up: {reason}"

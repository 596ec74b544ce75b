"""Typed errors shared by the services, the command line and the screens.

Each error carries a Japanese and an English message and the command line's exit code. Messages
never contain personal data: parameters are counts, codes, record ids, file names and row numbers.
"""

from __future__ import annotations

from collections.abc import Callable
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
        "回復キーで開いてください: mccdesk unlock（回復キーの入力を求めます）"
    )
    en = (
        "The case book's key is not stored for this user on this PC.\n"
        "Open it with the recovery key: mccdesk unlock (it asks for the recovery key)"
    )


class WrongKey(LockedError):
    ja = (
        "保存されている鍵はこのケースブックのものではありません（ファイルは壊れていません）。\n"
        "回復キーで開き直してください: mccdesk unlock（回復キーの入力を求めます）"
    )
    en = (
        "The stored key does not belong to this case book (the file itself is intact).\n"
        "Open it again with the recovery key: mccdesk unlock (it asks for the recovery key)"
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


# --- exit codes 6-9: the place the file is in cannot be used; the file itself is not damaged ----
#
# A full disk, a read-only folder or write-protected medium, a file that cannot be opened (a
# folder gone, a drive unplugged, another program holding it) and an I/O error each have their
# own message and exit code, and none of them says "damaged": following "restore from a backup"
# would replace a healthy case book.


class StorageError(MccdeskError):
    exit_code = 6
    ja = "ファイルを読み書きできませんでした: {path}\nファイルは壊れていません。"
    en = "The file could not be read or written: {path}\nThe file is not damaged."


class DiskFull(StorageError):
    exit_code = 6
    ja = (
        "ディスクの空き容量が足りないため、読み書きできませんでした: {path}\n"
        "ケースブックは壊れていません（元のファイルはそのままです）。"
        "不要なファイルを削除して空き容量を増やしてから、もう一度実行してください。"
        "バックアップからの復元はしないでください。"
    )
    en = (
        "Not enough disk space to read or write: {path}\n"
        "The case book is not damaged (the original file is unchanged). Free some disk space, "
        "then try again. Do not restore a backup."
    )


class ReadOnlyLocation(StorageError):
    exit_code = 7
    ja = (
        "書き込みできない場所です: {path}\n"
        "（読み取り専用のフォルダやドライブ、書き込み禁止のUSBメモリ、またはこのユーザーに"
        "書き込みの権限がありません。）ファイルは壊れていません。"
        "書き込みできる場所で実行するか、管理者に権限を確認してください。"
    )
    en = (
        "This place cannot be written to: {path}\n"
        "(A read-only folder or drive, a write-protected USB stick, or this user may not write "
        "there.) The file is not damaged. Run it where writing is allowed, or ask the "
        "administrator about the permissions."
    )


class CannotOpenFile(StorageError):
    exit_code = 8
    ja = (
        "ファイルを開けませんでした: {path}\n"
        "（フォルダが見つからない、ネットワークやUSBメモリが外れている、または別のプログラムが"
        "使用中の可能性があります。）ファイルが壊れているわけではありません。"
        "場所と接続を確認して、もう一度実行してください。"
    )
    en = (
        "The file could not be opened: {path}\n"
        "(The folder may be gone, a network drive or USB stick unplugged, or another program "
        "may be using the file.) This does not mean the file is damaged. Check the place and the "
        "connection, then try again."
    )


class StorageIOError(StorageError):
    exit_code = 9
    ja = (
        "読み書きの途中でエラーが起きました（ディスクやUSBメモリの不具合・取り外しなど）: {path}\n"
        "ケースブックが壊れているとは限りません。接続を確認してもう一度実行してください。"
        "繰り返す場合はディスクを点検し、その後 `mccdesk check` が問題を報告したときだけ"
        "バックアップから復元してください。"
    )
    en = (
        "An input/output error occurred (a failing or unplugged disk or USB stick): {path}\n"
        "The case book is not necessarily damaged. Check the connection and try again. If it "
        "happens again, have the disk checked, and restore a backup only if `mccdesk check` "
        "then reports problems."
    )


# --- recovery: missing key check, backups, recovery key input ----------------------------------


class KeyCheckMissing(LockedError):
    ja = (
        "鍵の確認ファイル（{name}）がなく、このPCに保存されている鍵ではケースブックを開けません。"
        "ケースブック自体は壊れていない可能性が高いです。\n"
        "回復キーで開いてください（確認ファイルは作り直されます）: mccdesk unlock"
    )
    en = (
        "The key check file ({name}) is missing, and no key stored on this PC opens the case "
        "book. The case book itself is most likely fine.\n"
        "Open it with the recovery key (the key check file is rebuilt): mccdesk unlock"
    )


class BackupKeyNeeded(LockedError):
    ja = (
        "このバックアップは、このPCに保存されている鍵では開けません。"
        "鍵ID {key_id}（{issued} 発行）の回復キーシートの回復キーが必要です。\n"
        "`mccdesk restore <ファイル>` を実行すると回復キーの入力を求めます"
        "（または --recovery-key-file）。"
    )
    en = (
        "This backup does not open with the key stored on this PC. It needs the recovery key "
        "from the recovery-key sheet with key ID {key_id} (issued {issued}).\n"
        "`mccdesk restore <file>` asks for it (or give --recovery-key-file)."
    )


class BackupKeyUnknown(LockedError):
    ja = (
        "このバックアップは、このPCに保存されている鍵では開けません。"
        "バックアップを作った時点で有効だった回復キーが必要です"
        "（鍵を更新する前のバックアップは、更新前の回復キーシートで開きます）。\n"
        "`mccdesk restore <ファイル>` を実行すると回復キーの入力を求めます"
        "（または --recovery-key-file）。"
    )
    en = (
        "This backup does not open with the key stored on this PC. It needs the recovery key "
        "that was valid when the backup was made (a backup from before a key change opens with "
        "the sheet from before that change).\n"
        "`mccdesk restore <file>` asks for it (or give --recovery-key-file)."
    )


class RecoveryKeyDoesNotOpenBackup(LockedError):
    ja = (
        "入力された回復キー（鍵ID {typed}）ではこのバックアップを開けません。"
        "このバックアップには鍵ID {key_id}（{issued} 発行）の回復キーシートが必要です。"
        "ケースブックは変更していません。"
    )
    en = (
        "The recovery key entered (key ID {typed}) does not open this backup. It needs the "
        "sheet with key ID {key_id} (issued {issued}). The case book was not changed."
    )


class RecoveryKeyDoesNotOpenFile(WrongRecoveryKey):
    ja = (
        "入力された回復キー（鍵ID {typed}）ではこのファイルを開けません"
        "（別の鍵のファイルか、先頭が壊れています）。何も変更していません。"
        "バックアップを作った時点で有効だった回復キーシートを確認してください。"
    )
    en = (
        "The recovery key entered (key ID {typed}) does not open this file (it was made with "
        "another key, or its first page is damaged). Nothing was changed. Check the sheet that "
        "was valid when the backup was made."
    )


class RecoveryKeyOfUnfinishedChange(WrongRecoveryKey):
    ja = (
        "この回復キー（鍵ID {key_id}）は、確認されずに中断した鍵の更新で表示されたもので、"
        "使えません。それより前の回復キーシートを使ってください。"
    )
    en = (
        "This recovery key (key ID {key_id}) was shown by a key change that was never "
        "confirmed, and it does not work. Use the sheet from before that change."
    )


class RecoveryKeyNotGiven(UsageError):
    ja = (
        "回復キーが入力されませんでした。入力を求められたら回復キーを入力するか、"
        "--recovery-key-file で回復キーを書いたファイルを指定してください。"
    )
    en = (
        "No recovery key was entered. Type it when asked, or give a file holding it with "
        "--recovery-key-file."
    )


class BackupDamaged(DamagedError):
    ja = (
        "バックアップのファイルが壊れています（ケースブックは変更していません）: {path}\n"
        "別のバックアップを使ってください。"
    )
    en = "The backup file is damaged (the case book was not changed): {path}\nUse another backup."


class BackupOfAnotherBook(UsageError):
    ja = (
        "このバックアップは、このフォルダにあるもの（ID {expected}）とは別のファイル"
        "（ID {found}）のものです。何も変更していません。\n"
        "このフォルダのファイルが間違って作られたもの（新しいPCで先に init した等）なら、"
        "{name} と鍵の確認ファイルを別のフォルダに移してから、もう一度復元してください。"
    )
    en = (
        "This backup is of another file (ID {found}) than the one in this folder (ID "
        "{expected}). Nothing was changed.\n"
        "If the file in this folder was made by mistake (e.g. `init` run first on a new PC), "
        "move {name} and its key check file to another folder, then restore again."
    )


class NotABackup(UsageError):
    ja = "バックアップのファイルではありません: {path}（{why}）"
    en = "Not a backup file: {path} ({why})"


# --- key rotation -------------------------------------------------------------------------------


class RotationNotConfirmed(UsageError):
    ja = (
        "新しい回復キーが確認されなかったため、鍵は更新していません。"
        "これまでの回復キー（鍵ID {key_id}）が引き続き有効です。"
        "表示された新しい回復キー（鍵ID {new_id}）は使えません。印刷した場合は処分してください。"
    )
    en = (
        "The new recovery key was not confirmed, so the key was not changed. The current "
        "recovery key (key ID {key_id}) stays valid. The new one shown (key ID {new_id}) does "
        "not work: destroy it if it was printed."
    )


class RotationInProgress(UsageError):
    ja = "別のプログラムがこのケースブックの鍵を更新中です。終わってからもう一度実行してください。"
    en = "Another program is changing this case book's key. Try again when it has finished."


# --- demo case books ----------------------------------------------------------------------------


class DemoBookOutsideDemoFolder(UsageError):
    ja = (
        "これはデモ用ケースブックです（公開されたデモ用の鍵で暗号化されており、"
        "実際の相談を記録してはいけません）。デモ用のフォルダ（{demo}）以外では開きません: {path}"
    )
    en = (
        "This is a demo case book (encrypted with the published demo key: it must never hold "
        "real consultations). It opens only in the demo folder ({demo}), not here: {path}"
    )


class DemoBookRefuses(UsageError):
    ja = "デモ用ケースブック（架空の人物）ではこの操作はできません。"
    en = "This cannot be done in a demo case book (synthetic people)."


class DemoImportRefused(DemoBookRefuses):
    ja = (
        "デモ用ケースブック（架空の人物、公開された鍵で暗号化）には取り込めません。"
        "実際の相談は本番のケースブックに取り込んでください。"
    )
    en = (
        "Nothing can be imported into a demo case book (synthetic people, encrypted with the "
        "published key). Import real consultations into the real case book."
    )


class DemoApproveRefused(DemoBookRefuses):
    ja = "デモ用ケースブック（架空の人物）の集計は承認・送付できません。"
    en = "A demo case book's summary (synthetic people) cannot be approved or sent."


class DemoRekeyRefused(DemoBookRefuses):
    ja = "デモ用ケースブックは公開されたデモ用の鍵のままです（鍵の更新はできません）。"
    en = "A demo case book keeps the published demo key (its key cannot be changed)."


# --- notices: told to the person, nothing refused -----------------------------------------------


class Notice:
    """Something the person must be told though nothing failed (a message in ja and en)."""

    ja: ClassVar[str] = ""
    en: ClassVar[str] = ""

    def __init__(self, **params: object) -> None:
        self.params = params

    def message(self, lang: str = "ja") -> str:
        template = self.ja if lang == "ja" else self.en
        return template.format(**self.params) if self.params else template


_listeners: list[Callable[[Notice], None]] = []


def listen(listener: Callable[[Notice], None]) -> Callable[[], None]:
    """Have `listener` told every notice from now on; returns the function that stops it."""
    _listeners.append(listener)
    return lambda: _listeners.remove(listener) if listener in _listeners else None


def announce(notice: Notice) -> None:
    """Tell the listeners (the command line prints to stderr; the app shows a dialog)."""
    for listener in list(_listeners):
        listener(notice)


class RotationRolledBack(Notice):
    ja = (
        "注意: 鍵の更新が、新しい回復キーの確認前に中断していました。更新は取り消しました。"
        "これまでの回復キー（鍵ID {key_id}）が引き続き有効です。"
        "中断した更新で表示・印刷された回復キー（鍵ID {new_id}）は使えません。処分してください。"
    )
    en = (
        "Notice: a key change was interrupted before its new recovery key was confirmed, and "
        "it has been cancelled. The current recovery key (key ID {key_id}) stays valid. The "
        "recovery key shown or printed by the interrupted change (key ID {new_id}) does not "
        "work: destroy it."
    )


class RotationFinished(Notice):
    ja = (
        "注意: 鍵の更新が、新しい回復キーの確認後に中断していました。更新を完了しました。"
        "これからは新しい回復キー（鍵ID {key_id}）が有効です。以前の回復キー（鍵ID {old_id}）"
        "では今のケースブックは開けません（更新前に作ったバックアップは以前のシートで開けます）。"
    )
    en = (
        "Notice: a key change was interrupted after its new recovery key was confirmed, and it "
        "has been finished. From now on the new recovery key (key ID {key_id}) is the valid "
        "one. The previous one (key ID {old_id}) no longer opens the case book (backups made "
        "before the change still open with the previous sheet)."
    )


class KeyCheckRebuilt(Notice):
    ja = "注意: 鍵の確認ファイル（{name}）がなかったため、ファイルを開けた鍵から作り直しました。"
    en = (
        "Notice: the key check file ({name}) was missing; it was rebuilt from the key that "
        "opens the file."
    )


class PlaintextKeyring(Notice):
    ja = (
        "警告: 鍵の保存先 {backend} は、鍵をファイルにそのまま（平文で）保存します。"
        "本番のPCでは Windows 資格情報マネージャーなど、OSの資格情報ストアを使ってください"
        "（PYTHON_KEYRING_BACKEND や keyringrc.cfg の設定を確認）。"
    )
    en = (
        "Warning: the credential store {backend} keeps keys in a plain file. On a production "
        "PC use the operating system's credential store, such as Windows Credential Manager "
        "(check PYTHON_KEYRING_BACKEND and keyringrc.cfg)."
    )


class RecoveryKeyInArguments(Notice):
    ja = (
        "警告: --recovery-key で渡した回復キーは、このPCのほかのユーザーからプロセス一覧で見え、"
        "シェルの履歴にも残ります。引数なしで実行して入力するか、--recovery-key-file を"
        "使ってください。"
    )
    en = (
        "Warning: a recovery key given with --recovery-key can be seen by other users of this PC "
        "in the process list, and stays in the shell history. Run without it and type the key "
        "when asked, or use --recovery-key-file."
    )


class CountsDoNotAddUp(BadInput):
    """A summary whose cells do not fit its totals (mccdesk.sync.summary.check_arithmetic)."""

    ja = "集計表の数が合計と合いません: {reason}"
    en = "The summary's counts do not add up: {reason}"

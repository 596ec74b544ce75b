; Inno Setup 6 script: the Windows installer of mccdesk (built by installer/build on Windows,
; which passes /DAppVersion=...). Installs per machine from the one-folder build in dist\mccdesk.
; Case books live in each user's %LOCALAPPDATA%\mccdesk and are never installed or removed here.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif

[Setup]
AppId={{6C1F0E2A-6B1B-4E0B-9F5E-3D0C8E0A7A11}
AppName=mccdesk
AppVerName=mccdesk {#AppVersion}
AppVersion={#AppVersion}
AppPublisher=医療的ケア児支援センター
DefaultDirName={autopf}\mccdesk
DefaultGroupName=mccdesk
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\dist
OutputBaseFilename=mccdesk-setup-{#AppVersion}
Compression=lzma2
SolidCompression=yes
DisableProgramGroupPage=yes
UninstallDisplayIcon={app}\mccdeskw.exe
LicenseFile=LICENSE-NOTES.txt

[Languages]
Name: "japanese"; MessagesFile: "compiler:Languages\Japanese.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "synctask"; Description: "15分ごとに県への送信（mccdesk sync）を実行する / Run mccdesk sync every 15 minutes"; Flags: unchecked

[Files]
Source: "..\dist\mccdesk\mccdesk.exe"; DestDir: "{app}"; Flags: ignoreversion
Source: "..\dist\mccdesk\mccdeskw.exe"; DestDir: "{app}"; Flags: ignoreversion
Source: "..\dist\mccdesk\_internal\*"; DestDir: "{app}\_internal"; Flags: ignoreversion recursesubdirs createallsubdirs
Source: "mccdesk-sync-task.xml"; DestDir: "{app}"; Flags: ignoreversion

[Icons]
Name: "{autoprograms}\mccdesk"; Filename: "{app}\mccdeskw.exe"; Comment: "医療的ケア児支援センター ケースブック"
Name: "{autoprograms}\mccdesk 自己診断 (self-test)"; Filename: "{cmd}"; Parameters: "/k ""{app}\mccdesk.exe"" --self-test"

[Run]
Filename: "{app}\mccdeskw.exe"; Description: "mccdesk を起動する / Start mccdesk"; Flags: postinstall nowait skipifsilent unchecked

[UninstallRun]
Filename: "{sys}\schtasks.exe"; Parameters: "/Delete /F /TN ""mccdesk\sync"""; Flags: runhidden; RunOnceId: "DeleteSyncTask"

[UninstallDelete]
; Only what this installer put in {app}. Never the users' data folders (case books, backups, logs).
Type: filesandordirs; Name: "{app}\_internal"

[Code]
procedure CurStepChanged(CurStep: TSetupStep);
var
  TaskXml: String;
  Text: AnsiString;
  Body: String;
  Code: Integer;
begin
  if (CurStep = ssPostInstall) and WizardIsTaskSelected('synctask') then
  begin
    { The task file names the installed program: write the real folder into it, then register
      it. The task runs for whichever member of Users is signed in, as that person: the case
      book key is in that person's Credential Manager. }
    TaskXml := ExpandConstant('{app}\mccdesk-sync-task.xml');
    if LoadStringFromFile(TaskXml, Text) then
    begin
      Body := String(Text);
      StringChangeEx(Body, '@APP@', ExpandConstant('{app}'), True);
      SaveStringToFile(TaskXml, AnsiString(Body), False);
    end;
    if not Exec(ExpandConstant('{sys}\schtasks.exe'),
      '/Create /F /TN "mccdesk\sync" /XML "' + TaskXml + '"', '', SW_HIDE,
      ewWaitUntilTerminated, Code) or (Code <> 0) then
      MsgBox('送信タスクを登録できませんでした（タスク スケジューラで確認してください）。' + #13#10 +
        'The scheduled sync task could not be registered (check Task Scheduler).',
        mbError, MB_OK);
  end;
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if CurUninstallStep = usPostUninstall then
    MsgBox('mccdesk を削除しました。ケースブック（記録データ）は削除していません。' + #13#10 +
      '各ユーザーの次のフォルダに残っています: %LOCALAPPDATA%\mccdesk' + #13#10 +
      '（バックアップは設定したバックアップ先に残っています）' + #13#10#13#10 +
      'mccdesk was removed. The case books were NOT deleted: they stay in each user''s ' +
      '%LOCALAPPDATA%\mccdesk folder (and backups in the chosen backup folder).',
      mbInformation, MB_OK);
end;

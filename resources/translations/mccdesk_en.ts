<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="ja">
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../mccdesk/ui/about_dialog.py" line="+32"/>
        <source>mccdesk について</source>
        <translation>About mccdesk</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>バージョン {version}</source>
        <translation>Version {version}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>医療的ケア児支援センター ブランチ用ケースブック</source>
        <translation>Case book for the branches of the support centre for children with medical care needs</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>ケースブックの既定の場所：{data}
ログ：{log}</source>
        <translation>Default case book folder: {data}
Logs: {log}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>診断情報をコピー(&amp;D)…</source>
        <translation>Copy &amp;diagnostics…</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>ヘルプ(&amp;H)</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>mccdesk について(&amp;A)…</source>
        <translation>&amp;About mccdesk…</translation>
    </message>
</context>
<context>
    <name>ActivityTableModel</name>
    <message>
        <location filename="../../mccdesk/ui/models/activity_table_model.py" line="+33"/>
        <source>対応日</source>
        <translation>Date</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>種別</source>
        <translation>Type</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>方法</source>
        <translation>Method</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>時間（分）</source>
        <translation>Minutes</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>メモ</source>
        <translation>Notes</translation>
    </message>
</context>
<context>
    <name>BarChart</name>
    <message>
        <location filename="../../mccdesk/ui/widgets/bar_chart.py" line="+31"/>
        <source>、</source>
        <translation>, </translation>
    </message>
</context>
<context>
    <name>BranchPage</name>
    <message>
        <location filename="../../mccdesk/ui/setup_wizard.py" line="+64"/>
        <source>ブランチ</source>
        <translation>Branch</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>このケースブックを使うブランチ（支援センター）を入力します。</source>
        <translation>Enter the branch (support centre office) that will use this case book.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>例：横須賀・三浦圏域ブランチ</source>
        <translation>e.g. Yokosuka-Miura area branch</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>（選んでください）</source>
        <translation>(Choose one)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>ブランチID</source>
        <translation>Branch ID</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ブランチ名</source>
        <translation>Branch name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>圏域</source>
        <translation>Area</translation>
    </message>
</context>
<context>
    <name>CaseRecordDialog</name>
    <message>
        <location filename="../../mccdesk/ui/case_record_dialog.py" line="+94"/>
        <source>対応記録の一覧</source>
        <translation>Contact records</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>削除（Delete）</source>
        <translation>Delete (Del)</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+76"/>
        <source>対応日</source>
        <translation>Date</translation>
    </message>
    <message>
        <location line="-74"/>
        <location line="+66"/>
        <source>種別</source>
        <translation>Type</translation>
    </message>
    <message>
        <location line="-62"/>
        <location line="+64"/>
        <source>方法</source>
        <translation>Method</translation>
    </message>
    <message>
        <location line="-63"/>
        <source>（なし）</source>
        <translation>(none)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>時間（分）</source>
        <translation>Minutes</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+62"/>
        <source>分</source>
        <translation>min</translation>
    </message>
    <message>
        <location line="-59"/>
        <location line="+62"/>
        <source>メモ</source>
        <translation>Notes</translation>
    </message>
    <message>
        <location line="-60"/>
        <source>対応内容のメモ（Ctrl+Enterで記録）</source>
        <translation>What was done (Ctrl+Enter records)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>記録（Enter）</source>
        <translation>Record (Enter)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>状況</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>状況の変更日</source>
        <translation>Status date</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>状況を変更</source>
        <translation>Change status</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>次回フォロー予定日</source>
        <translation>Follow-up due date</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>フォローの目的</source>
        <translation>Follow-up purpose</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>目的（例：退院後の様子を確認）</source>
        <translation>Purpose (e.g. check how things are after discharge)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>予定を登録</source>
        <translation>Schedule</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>閉じる（Esc）</source>
        <translation>Close (Esc)</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>時間</source>
        <translation>Time</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>対応記録</source>
        <translation>Contact record</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>変更日</source>
        <translation>on</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>ケースの状況</source>
        <translation>Case status</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>次回フォロー</source>
        <translation>Next follow-up</translation>
    </message>
    <message>
        <location line="+70"/>
        <source>{count} 件</source>
        <translation>{count} records</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>ケース記録 {number}</source>
        <translation>Case record {number}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>（児童未登録）</source>
        <translation>(no child recorded)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>受付日 {opened}&#x3000;市町村 {place}&#x3000;主訴 {topics}</source>
        <translation>Opened {opened}   Municipality {place}   Topics {topics}</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>現在の状況：{status}（{since}から）</source>
        <translation>Current status: {status} (since {since})</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>予定されているフォローはありません。</source>
        <translation>No follow-up is scheduled.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>予定：</source>
        <translation>Scheduled:</translation>
    </message>
    <message>
        <location line="+93"/>
        <source>時間は0〜{max}の分数（数字）で入力してください。</source>
        <translation>Enter the time as minutes from 0 to {max} (digits).</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>{day} の{kind}を記録しました。</source>
        <translation>Recorded: {kind} on {day}.</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>{day} の{kind}を削除しました。</source>
        <translation>Deleted: {kind} on {day}.</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>すでに「{status}」です。別の状況を選んでください。</source>
        <translation>The case is already “{status}”. Choose another status.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>状況を「{status}」に変更しました（{day}）。</source>
        <translation>Status changed to “{status}” ({day}).</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>予定日は今日以降の日付にしてください。</source>
        <translation>The due date must be today or later.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>{due} のフォローを予定しました。</source>
        <translation>Follow-up scheduled for {due}.</translation>
    </message>
</context>
<context>
    <name>CaseTableModel</name>
    <message>
        <location filename="../../mccdesk/ui/models/case_table_model.py" line="+46"/>
        <source>受付番号</source>
        <translation>Case no.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>受付日</source>
        <translation>Opened on</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>児童</source>
        <translation>Child</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>市町村</source>
        <translation>Municipality</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>相談方法</source>
        <translation>Contact method</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>相談者</source>
        <translation>Enquirer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>主訴</source>
        <translation>Main concerns</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>状況</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>（児童未登録）</source>
        <translation>(no child recorded)</translation>
    </message>
</context>
<context>
    <name>CasesPage</name>
    <message>
        <location filename="../../mccdesk/ui/cases_page.py" line="+43"/>
        <source>名前・かな・受付番号・市町村で検索（Ctrl+F）</source>
        <translation>Search by name, kana, case no. or municipality (Ctrl+F)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>相談ケースの検索</source>
        <translation>Search cases</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>状況で絞り込み</source>
        <translation>Filter by status</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>すべての状況</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>年度で絞り込み</source>
        <translation>Filter by fiscal year</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>地域で絞り込み</source>
        <translation>Filter by municipality</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>ケース記録を開く（Shift+Enter）</source>
        <translation>Open case record (Shift+Enter)</translation>
    </message>
    <message>
        <location line="+75"/>
        <source>すべての年度</source>
        <translation>All fiscal years</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>すべての地域</source>
        <translation>All municipalities</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>{shown:,} 件を表示（{total:,} 件まで読み込み済み・読み込み中…）</source>
        <translation>Showing {shown:,} of {total:,} loaded so far (still loading…)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{shown:,} 件を表示（全 {total:,} 件）</source>
        <translation>Showing {shown:,} of {total:,}</translation>
    </message>
</context>
<context>
    <name>ChildForm</name>
    <message>
        <location filename="../../mccdesk/ui/widgets/child_form.py" line="+81"/>
        <source>基本情報</source>
        <translation>Basic details</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>保護者</source>
        <translation>Guardians</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>医療的ケア</source>
        <translation>Medical care</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+97"/>
        <location line="+3"/>
        <source>医療機関</source>
        <translation>Hospital or clinic</translation>
    </message>
    <message>
        <location line="-99"/>
        <source>同意</source>
        <translation>Consent</translation>
    </message>
    <message>
        <location line="+21"/>
        <location line="+39"/>
        <source>姓</source>
        <translation>Family name</translation>
    </message>
    <message>
        <location line="-38"/>
        <location line="+39"/>
        <source>名</source>
        <translation>Given name</translation>
    </message>
    <message>
        <location line="-38"/>
        <location line="+39"/>
        <source>せい（かな）</source>
        <translation>Family name (kana)</translation>
    </message>
    <message>
        <location line="-38"/>
        <location line="+39"/>
        <source>めい（かな）</source>
        <translation>Given name (kana)</translation>
    </message>
    <message>
        <location line="-37"/>
        <source>記入する</source>
        <translation>Known</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>生年月日を記入する</source>
        <translation>Date of birth known</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+48"/>
        <source>生年月日</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <location line="-39"/>
        <location line="+40"/>
        <source>性別</source>
        <translation>Sex</translation>
    </message>
    <message>
        <location line="-35"/>
        <location line="+36"/>
        <source>市町村</source>
        <translation>Municipality</translation>
    </message>
    <message>
        <location line="-26"/>
        <location line="+27"/>
        <source>住所</source>
        <translation>Address</translation>
    </message>
    <message>
        <location line="-26"/>
        <location line="+27"/>
        <source>電話</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location line="-26"/>
        <location line="+27"/>
        <location line="+59"/>
        <source>メモ</source>
        <translation>Notes</translation>
    </message>
    <message>
        <location line="-65"/>
        <source>氏名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location line="+21"/>
        <location line="+3"/>
        <source>主治医</source>
        <translation>Doctor in charge</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>情報提供への同意を記録する</source>
        <translation>Record consent to share information</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+31"/>
        <source>同意日</source>
        <translation>Consent given on</translation>
    </message>
    <message>
        <location line="-30"/>
        <location line="+31"/>
        <source>同意した方</source>
        <translation>Consent given by</translation>
    </message>
    <message>
        <location line="-21"/>
        <source>撤回された</source>
        <translation>Withdrawn</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>撤回日</source>
        <translation>Withdrawn on</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>同意のメモ</source>
        <translation>Consent notes</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>提供の範囲</source>
        <translation>What may be shared</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>撤回</source>
        <translation>Withdrawal</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>未就学</source>
        <translation>pre-school</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>小学生</source>
        <translation>primary school</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>中学生</source>
        <translation>lower secondary school</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>高校生</source>
        <translation>upper secondary school</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>18歳以上</source>
        <translation>18 or over</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>・{grade}年</source>
        <translation>, year {grade}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{age}歳（{stage}）</source>
        <translation>Age {age} ({stage})</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>姓を入力してください。</source>
        <translation>Enter the family name.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>かな（ひらがな・カタカナ）で入力してください。</source>
        <translation>Enter this in kana (hiragana or katakana).</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>一覧にない市町村です。候補から選んでください。</source>
        <translation>This municipality is not in the list. Choose one of the suggestions.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>同意した方の氏名を入力してください。</source>
        <translation>Enter the name of the person who gave consent.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>提供の範囲を1つ以上選んでください。</source>
        <translation>Choose at least one item that may be shared.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>撤回日は同意日より後にしてください。</source>
        <translation>The withdrawal date must be after the consent date.</translation>
    </message>
</context>
<context>
    <name>ChildPage</name>
    <message>
        <location filename="../../mccdesk/ui/child_page.py" line="+70"/>
        <source>名前・かなで検索（Ctrl+L）</source>
        <translation>Search by name or kana (Ctrl+L)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>児童の検索</source>
        <translation>Search children</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>児童の一覧</source>
        <translation>Children</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>新しい児童（Ctrl+Shift+N）</source>
        <translation>New child (Ctrl+Shift+N)</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>保存（Enter）</source>
        <translation>Save (Enter)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>取消（Esc）</source>
        <translation>Cancel (Esc)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>紹介を作成（Ctrl+R）</source>
        <translation>New referral (Ctrl+R)</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>相談ケース</source>
        <translation>Cases</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>紹介</source>
        <translation>Referrals</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>フォロー</source>
        <translation>Follow-ups</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>文書</source>
        <translation>Documents</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>経過</source>
        <translation>History</translation>
    </message>
    <message>
        <location line="+78"/>
        <source>{count} 人以上：名前・かなで絞り込んでください</source>
        <translation>{count} or more: narrow the list by name or kana</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{count} 人</source>
        <translation>{count} children</translation>
    </message>
    <message>
        <location line="+61"/>
        <location line="+44"/>
        <source>未保存の変更があります。保存（Enter）するか取消（Esc）してください。</source>
        <translation>There are unsaved changes. Save them (Enter) or cancel them (Esc).</translation>
    </message>
    <message>
        <location line="-11"/>
        <source>新しい児童</source>
        <translation>New child</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>生年月日未記入</source>
        <translation>Date of birth not recorded</translation>
    </message>
    <message>
        <location line="+104"/>
        <source>未保存の変更があります（Enterで保存、Escで取消）</source>
        <translation>Unsaved changes (Enter to save, Esc to cancel)</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>変更を取り消しました</source>
        <translation>Changes cancelled</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>入力内容を確認してください（赤字の項目）。</source>
        <translation>Please check the items shown in red.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>{name} を保存しました</source>
        <translation>{name} saved</translation>
    </message>
</context>
<context>
    <name>ChildPicker</name>
    <message>
        <location filename="../../mccdesk/ui/widgets/child_picker.py" line="+33"/>
        <source>未定（あとで登録）</source>
        <translation>Not yet known (add later)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>登録済みの児童</source>
        <translation>Existing child</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>新しい児童</source>
        <translation>New child</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>名前・かなを入力して候補から選択</source>
        <translation>Type a name or kana and choose from the suggestions</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>児童の検索</source>
        <translation>Search children</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>姓</source>
        <translation>Family name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>名</source>
        <translation>Given name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>せい（かな）</source>
        <translation>Family name (kana)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>めい（かな）</source>
        <translation>Given name (kana)</translation>
    </message>
    <message>
        <location line="+49"/>
        <location line="+7"/>
        <source>選択中：{name}</source>
        <translation>Selected: {name}</translation>
    </message>
</context>
<context>
    <name>ChildRecords</name>
    <message>
        <location filename="../../mccdesk/ui/models/child_record_rows.py" line="+24"/>
        <location line="+14"/>
        <location line="+15"/>
        <source>受付番号</source>
        <translation>Case no.</translation>
    </message>
    <message>
        <location line="-28"/>
        <source>受付日</source>
        <translation>Opened on</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>主訴</source>
        <translation>Main concerns</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+6"/>
        <location line="+7"/>
        <source>状況</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="-10"/>
        <location line="+16"/>
        <source>紹介日</source>
        <translation>Referred on</translation>
    </message>
    <message>
        <location line="-15"/>
        <source>紹介先</source>
        <translation>Referred to</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+7"/>
        <source>目的</source>
        <translation>Purpose</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>状況の日付</source>
        <translation>Status date</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>予定日</source>
        <translation>Due</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>結果</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>文書</source>
        <translation>Documents</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>宛先</source>
        <translation>Addressed to</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>印刷</source>
        <translation>Print</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>日付</source>
        <translation>Date</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>種類</source>
        <translation>Type</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>内容</source>
        <translation>Details</translation>
    </message>
    <message>
        <location line="+59"/>
        <source>済（{day}）</source>
        <translation>Done ({day})</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>期限超過</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>予定</source>
        <translation>Planned</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>紹介状</source>
        <translation>Referral sheet</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>印刷できます</source>
        <translation>Can be printed</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>同意がないため印刷できません</source>
        <translation>Cannot be printed: no consent</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>相談受付</source>
        <translation>Case opened</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>状況：{status}</source>
        <translation>Status: {status}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ケースの状況</source>
        <translation>Case status</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>対応記録</source>
        <translation>Contact record</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>紹介</source>
        <translation>Referral</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>フォロー予定</source>
        <translation>Follow-up planned</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>フォロー実施</source>
        <translation>Follow-up done</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>同意</source>
        <translation>Consent</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>同意の撤回</source>
        <translation>Consent withdrawn</translation>
    </message>
</context>
<context>
    <name>CoordinatorDialog</name>
    <message>
        <location filename="../../mccdesk/ui/coordinator_dialog.py" line="+60"/>
        <source>担当者の選択</source>
        <translation>Choose coordinator</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>担当者</source>
        <translation>Coordinator</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>担当者の氏名</source>
        <translation>Coordinator&apos;s name</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>このPCで作業する担当者を選んでください。</source>
        <translation>Choose the coordinator working at this PC.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>担当者が登録されていません。作業するあなたの氏名を入力してください。</source>
        <translation>No coordinators are registered yet. Enter your name.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>キャンセル</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>氏名を入力してください。</source>
        <translation>Enter a name.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>担当者を選んでください。</source>
        <translation>Choose a coordinator.</translation>
    </message>
</context>
<context>
    <name>CoordinatorPage</name>
    <message>
        <location filename="../../mccdesk/ui/setup_wizard.py" line="+18"/>
        <source>最初の担当者</source>
        <translation>First coordinator</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>ケースブックを使う担当者を1人登録します（後から設定で追加できます）。</source>
        <translation>Register one coordinator who will use the case book (you can add more later in Settings).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>氏名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ふりがな</source>
        <translation>Name in kana</translation>
    </message>
</context>
<context>
    <name>DiagnosticsDialog</name>
    <message>
        <location filename="../../mccdesk/ui/diagnostics_dialog.py" line="+108"/>
        <location line="+11"/>
        <source>診断情報</source>
        <translation>Diagnostics</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>サポート担当者に送る情報です。鍵・氏名・記録の内容は含みません。「コピー」でクリップボードにコピーし、メールなどに貼り付けてください。</source>
        <translation>Information to send to support. It contains no keys, names or record contents. Press Copy to put it on the clipboard, then paste it into an e-mail.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>コピー(&amp;C)</source>
        <translation>&amp;Copy</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>自己診断を実行しています…</source>
        <translation>Running the self-check…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>コピーしました</source>
        <translation>Copied</translation>
    </message>
</context>
<context>
    <name>DropFolderPage</name>
    <message>
        <location filename="../../mccdesk/ui/setup_wizard.py" line="+11"/>
        <source>送付フォルダ（任意）</source>
        <translation>Drop folder (optional)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>県へ四半期の集計を送る共有フォルダです。分からなければ空欄のままにして、後から設定で指定できます。「作成」を押すとケースブックを作成します。</source>
        <translation>The shared folder used to send quarterly summaries to the prefecture. If you do not know it, leave it blank and set it later in Settings. Press &quot;Create&quot; to create the case book.</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+19"/>
        <source>送付フォルダ</source>
        <translation>Drop folder</translation>
    </message>
    <message>
        <location line="-18"/>
        <source>フォルダを選ぶ…</source>
        <translation>Choose folder…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>ケースブックの作成先: {folder}</source>
        <translation>The case book will be created in: {folder}</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>作成</source>
        <translation>Create</translation>
    </message>
</context>
<context>
    <name>ErrorDialog</name>
    <message>
        <location filename="../../mccdesk/ui/errors_dialog.py" line="+37"/>
        <source>ログ: {folder}</source>
        <translation>Log folder: {folder}</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>詳細をコピー</source>
        <translation>Copy details</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>コピーしました</source>
        <translation>Copied</translation>
    </message>
</context>
<context>
    <name>FolderField</name>
    <message>
        <location filename="../../mccdesk/ui/settings_page.py" line="+54"/>
        <source>フォルダを選ぶ…</source>
        <translation>Choose folder…</translation>
    </message>
</context>
<context>
    <name>FollowUpCompleteForm</name>
    <message>
        <location filename="../../mccdesk/ui/widgets/follow_up_complete_form.py" line="+55"/>
        <location line="+21"/>
        <source>結果</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <location line="-20"/>
        <source>確認できたこと・変化・今後の対応</source>
        <translation>What was found, what changed, next steps</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+19"/>
        <source>実施日</source>
        <translation>Done on</translation>
    </message>
    <message>
        <location line="-18"/>
        <source>次回のモニタリングを予定する</source>
        <translation>Plan the next follow-up</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>次回予定日</source>
        <translation>Next due date</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>次回の目的</source>
        <translation>Purpose of the next follow-up</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>次回の目的（任意）</source>
        <translation>Purpose of the next follow-up (optional)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>完了にする（Enter）</source>
        <translation>Mark as done (Enter)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>キャンセル（Esc）</source>
        <translation>Cancel (Esc)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>次回</source>
        <translation>Next</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>{child}&#x3000;予定日 {due} のモニタリングを完了</source>
        <translation>{child}: complete the follow-up due {due}</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>結果を入力してください。</source>
        <translation>Enter the outcome.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>次回予定日は実施日より後にしてください。</source>
        <translation>The next due date must be after the date it was done.</translation>
    </message>
</context>
<context>
    <name>FollowUpTableModel</name>
    <message>
        <location filename="../../mccdesk/ui/models/follow_up_table_model.py" line="+64"/>
        <source>予定日</source>
        <translation>Due</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>状況</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>受付番号</source>
        <translation>Case no.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>児童</source>
        <translation>Child</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>目的</source>
        <translation>Purpose</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>担当者</source>
        <translation>Coordinator</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>実施日</source>
        <translation>Done on</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>結果</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>完了</source>
        <translation>Done</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>期限切れ（{days}日）</source>
        <translation>Overdue ({days} days)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>今日</source>
        <translation>Today</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>あと{days}日</source>
        <translation>In {days} days</translation>
    </message>
    <message>
        <location line="+75"/>
        <source>（児童未登録）</source>
        <translation>(no child recorded)</translation>
    </message>
</context>
<context>
    <name>FollowUpsPage</name>
    <message>
        <location filename="../../mccdesk/ui/follow_ups_page.py" line="+47"/>
        <source>期限切れ</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>今日</source>
        <translation>Today</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>今週（7日以内）</source>
        <translation>This week (within 7 days)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>予定（すべて）</source>
        <translation>Planned (all)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>完了</source>
        <translation>Done</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>モニタリングの一覧</source>
        <translation>Follow-ups</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>完了にする（Enter）</source>
        <translation>Mark as done (Enter)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>削除（Delete）</source>
        <translation>Delete (Del)</translation>
    </message>
    <message>
        <location line="+85"/>
        <source>{shown} 件</source>
        <translation>{shown} shown</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>モニタリングを完了にしました。</source>
        <translation>Follow-up marked as done.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>次回は {due} です。</source>
        <translation>The next one is due {due}.</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>{who}（予定日 {due}）のモニタリングを削除しました。</source>
        <translation>Deleted the follow-up for {who} (due {due}).</translation>
    </message>
</context>
<context>
    <name>GuardianRows</name>
    <message>
        <location filename="../../mccdesk/ui/widgets/child_guardians.py" line="+33"/>
        <location line="+42"/>
        <source>続柄</source>
        <translation>Relationship</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>氏名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>かな</source>
        <translation>Kana</translation>
    </message>
    <message>
        <location line="-39"/>
        <location line="+39"/>
        <source>電話</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location line="-45"/>
        <source>削除</source>
        <translation>Remove</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>保護者の氏名</source>
        <translation>Guardian&apos;s name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>保護者のかな</source>
        <translation>Guardian&apos;s name (kana)</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+38"/>
        <source>メール</source>
        <translation>Email</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>保護者を追加(&amp;G)</source>
        <translation>Add &amp;guardian</translation>
    </message>
</context>
<context>
    <name>HomePage</name>
    <message>
        <location filename="../../mccdesk/ui/home_page.py" line="+31"/>
        <source>児童（人）</source>
        <translation>Children</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>児童 {value}人</source>
        <translation>Children: {value}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>相談ケース（件）</source>
        <translation>Cases</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>相談ケース {value}件</source>
        <translation>Cases: {value}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>継続中（件）</source>
        <translation>Open cases</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>継続中 {value}件</source>
        <translation>Open cases: {value}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>回答待ちのつなぎ（件）</source>
        <translation>Referrals awaiting reply</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>回答待ちのつなぎ {value}件</source>
        <translation>Referrals awaiting reply: {value}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>今週のモニタリング（件）</source>
        <translation>Follow-ups this week</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>今週のモニタリング {value}件</source>
        <translation>Follow-ups this week: {value}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>期限切れのモニタリング（件）</source>
        <translation>Overdue follow-ups</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>期限切れのモニタリング {value}件</source>
        <translation>Overdue follow-ups: {value}</translation>
    </message>
    <message>
        <location line="+198"/>
        <source>クリックまたはEnterでモニタリングの一覧を開きます</source>
        <translation>Click or press Enter to open the follow-ups list</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>クリックまたはEnterで集計・送信の画面を開きます</source>
        <translation>Click or press Enter to open Summaries</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>月別の新規相談件数</source>
        <translation>New cases by month</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Ctrl+N：新規相談を記録&#x3000;Ctrl+F：相談ケースを検索&#x3000;Alt+数字：画面の切り替え</source>
        <translation>Ctrl+N: record a new consultation   Ctrl+F: search cases   Alt+number: switch screens</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>現在の期間：{period}</source>
        <translation>Current period: {period}</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>{year} 月別の新規相談件数</source>
        <translation>New cases by month, {year}</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../../mccdesk/ui/import_dialog.py" line="+95"/>
        <source>取り込み（Excel・CSV）</source>
        <translation>Import (Excel, CSV)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>相談ケースを Excel（.xlsx）または CSV のファイルから取り込みます。1行目は列名（受付日・相談方法・相談種別・市町村・主訴・状況など）です。問題が1つでもあると何も取り込まず、問題の行と列を一覧にします。</source>
        <translation>Imports cases from an Excel (.xlsx) or CSV file. The first row holds the column names (date opened, contact method, enquiry type, municipality, main concerns, status and so on). If there is any problem, nothing is imported and the problem rows and columns are listed.</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+36"/>
        <source>取り込むファイル</source>
        <translation>File to import</translation>
    </message>
    <message>
        <location line="-35"/>
        <source>ファイルを選ぶ…</source>
        <translation>Choose file…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>取り込む</source>
        <translation>Import</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>取り込みの問題</source>
        <translation>Import problems</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>閉じる</source>
        <translation>Close</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>取り込むファイルを選んでください。</source>
        <translation>Choose a file to import.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>確認しています… {rows}行</source>
        <translation>Checking… {rows} row(s)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>書き込んでいます… {done} / {total}件</source>
        <translation>Writing… {done} of {total} case(s)</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>取り込んでいます…</source>
        <translation>Importing…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>問題の行を直してから、もう一度取り込んでください（正しい行もそのときに取り込まれます）。</source>
        <translation>Correct the rows with problems, then import again (the correct rows are imported then too).</translation>
    </message>
</context>
<context>
    <name>LocalIssueForm</name>
    <message>
        <location filename="../../mccdesk/ui/widgets/local_issue_form.py" line="+53"/>
        <location line="+26"/>
        <source>件名</source>
        <translation>Title</translation>
    </message>
    <message>
        <location line="-23"/>
        <location line="+24"/>
        <source>提起日</source>
        <translation>Raised on</translation>
    </message>
    <message>
        <location line="-22"/>
        <location line="+23"/>
        <source>分類（主訴）</source>
        <translation>Category (main concern)</translation>
    </message>
    <message>
        <location line="-22"/>
        <source>（分類なし）</source>
        <translation>(No category)</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+19"/>
        <source>状況</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="-15"/>
        <location line="+16"/>
        <source>内容</source>
        <translation>Details</translation>
    </message>
    <message>
        <location line="-12"/>
        <source>複数の相談から見えてきた課題（県へ報告します。個人が特定される内容は書かないでください）</source>
        <translation>An issue seen across several cases (reported to the prefecture: do not write anything that could identify a person)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>保存（Enter）</source>
        <translation>Save (Enter)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>キャンセル（Esc）</source>
        <translation>Cancel (Esc)</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>地域課題を編集</source>
        <translation>Edit local issue</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>地域課題を追加</source>
        <translation>Add local issue</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>件名を入力してください。</source>
        <translation>Enter a title.</translation>
    </message>
</context>
<context>
    <name>LocalIssueTableModel</name>
    <message>
        <location filename="../../mccdesk/ui/models/local_issue_table_model.py" line="+28"/>
        <source>提起日</source>
        <translation>Raised on</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>件名</source>
        <translation>Title</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>分類（主訴）</source>
        <translation>Category (main concern)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>状況</source>
        <translation>Status</translation>
    </message>
</context>
<context>
    <name>LocalIssuesPage</name>
    <message>
        <location filename="../../mccdesk/ui/local_issues_page.py" line="+39"/>
        <source>追加（Insert）</source>
        <translation>Add (Insert)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>編集（Enter）</source>
        <translation>Edit (Enter)</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>{count} 件</source>
        <translation>{count} shown</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>「{title}」を保存しました</source>
        <translation>&quot;{title}&quot; saved</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../mccdesk/ui/main_window.py" line="+43"/>
        <source>デモ用ケースブック：架空の人物のデータです。実際の相談は記録しないでください。</source>
        <translation>Demo case book: the people in it are invented. Do not record real consultations here.</translation>
    </message>
    <message>
        <location line="+73"/>
        <source>画面の切り替え</source>
        <translation>Screens</translation>
    </message>
    <message>
        <location line="-38"/>
        <source>ホーム</source>
        <translation>Home</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>相談ケース</source>
        <translation>Cases</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>新規相談</source>
        <translation>New consultation</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>児童</source>
        <translation>Children</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>紹介</source>
        <translation>Referrals</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>モニタリング</source>
        <translation>Follow-ups</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>地域資源</source>
        <translation>Local services</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>地域課題</source>
        <translation>Local issues</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>集計・送信</source>
        <translation>Summaries</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>設定</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>ケースブックを開いています…</source>
        <translation>Opening the case book…</translation>
    </message>
    <message>
        <location line="+170"/>
        <source>支援センター：{branch}</source>
        <translation>Support centre: {branch}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>担当者</source>
        <translation>Coordinator</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>（担当者が登録されていません）</source>
        <translation>(no coordinators registered)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>担当者：</source>
        <translation>Coordinator:</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>受付番号 {number} を登録しました</source>
        <translation>Case {number} recorded</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>受付番号 {n} には児童が登録されていません</source>
        <translation>Case {n} has no child recorded</translation>
    </message>
    <message>
        <location line="+57"/>
        <source>保存していない変更があるため、表示言語は次回の起動時に切り替わります。</source>
        <translation>There are unsaved changes, so the display language will change the next time the app starts.</translation>
    </message>
</context>
<context>
    <name>MonthChart</name>
    <message>
        <location filename="../../mccdesk/ui/widgets/month_chart.py" line="+35"/>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{month} {c}件</source>
        <translation>{month}: {c}</translation>
    </message>
</context>
<context>
    <name>NewConsultationPage</name>
    <message>
        <location filename="../../mccdesk/ui/new_consultation_page.py" line="+60"/>
        <location line="+60"/>
        <source>受付日</source>
        <translation>Opened on</translation>
    </message>
    <message>
        <location line="-57"/>
        <location line="+58"/>
        <source>相談方法</source>
        <translation>Contact method</translation>
    </message>
    <message>
        <location line="-53"/>
        <location line="+60"/>
        <source>相談者</source>
        <translation>Enquirer</translation>
    </message>
    <message>
        <location line="-56"/>
        <source>相談者の所属</source>
        <translation>Enquirer&apos;s organisation</translation>
    </message>
    <message>
        <location line="+9"/>
        <location line="+49"/>
        <source>市町村</source>
        <translation>Municipality</translation>
    </message>
    <message>
        <location line="-52"/>
        <source>市町村名を入力（県外・不明も可）</source>
        <translation>Municipality (or: outside, unknown)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>複数選択可（Spaceで切り替え）</source>
        <translation>Choose any number (Space to tick)</translation>
    </message>
    <message>
        <location line="+16"/>
        <location line="+34"/>
        <source>メモ</source>
        <translation>Notes</translation>
    </message>
    <message>
        <location line="-32"/>
        <source>相談内容のメモ（Ctrl+Enterで登録）</source>
        <translation>Notes on the consultation (Ctrl+Enter to record)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>次回フォロー予定</source>
        <translation>Plan a follow-up</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>次回フォロー予定日</source>
        <translation>Follow-up due date</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>登録（Enter）</source>
        <translation>Record (Enter)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>クリア</source>
        <translation>Clear</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>所属</source>
        <translation>Organisation</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>主訴</source>
        <translation>Main concerns</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>児童</source>
        <translation>Child</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>フォロー</source>
        <translation>Follow-up</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>新規相談の受付</source>
        <translation>New consultation</translation>
    </message>
    <message>
        <location line="+96"/>
        <source>市町村を選んでください（わからなければ「不明」）。</source>
        <translation>Choose a municipality (&quot;Unknown&quot; if you do not know).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>一覧にない市町村です。候補から選んでください。</source>
        <translation>This municipality is not in the list. Choose one of the suggestions.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>主訴を1つ以上選んでください。</source>
        <translation>Choose at least one main concern.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>候補から児童を選ぶか、「未定」にしてください。</source>
        <translation>Choose a child from the suggestions, or &quot;Not yet known&quot;.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>新しい児童の姓を入力してください。</source>
        <translation>Enter the new child&apos;s family name.</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>受付番号 {number} を登録しました</source>
        <translation>Case {number} recorded</translation>
    </message>
</context>
<context>
    <name>NoticeBar</name>
    <message>
        <location filename="../../mccdesk/ui/widgets/notice_bar.py" line="+30"/>
        <source>元に戻す（Ctrl+Z）</source>
        <translation>Undo (Ctrl+Z)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>閉じる</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>PdfPreviewDialog</name>
    <message>
        <location filename="../../mccdesk/ui/pdf_preview_dialog.py" line="+78"/>
        <source>印刷プレビュー</source>
        <translation>Print preview</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>{n}ページ目</source>
        <translation>Page {n}</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>縮小（Ctrl+-）</source>
        <translation>Zoom out (Ctrl+-)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>拡大（Ctrl++）</source>
        <translation>Zoom in (Ctrl++)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>幅に合わせる(&amp;W)</source>
        <translation>Fit &amp;width</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>印刷(&amp;P)…</source>
        <translation>&amp;Print…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>PDFとして保存(&amp;S)…</source>
        <translation>&amp;Save as PDF…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>閉じる</source>
        <translation>Close</translation>
    </message>
    <message>
        <location line="+94"/>
        <source>{page} / {count}</source>
        <translation>{page} / {count}</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>プリンターを開けませんでした。プリンターの設定を確認してください。</source>
        <translation>Could not open the printer. Check the printer settings.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>印刷できませんでした。プリンターの状態を確認してください。</source>
        <translation>Could not print. Check the printer.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>印刷しました（{pages}ページ）</source>
        <translation>Printed ({pages} pages)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>PDFの保存先</source>
        <translation>Save PDF as</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>保存できませんでした（{why}）。別の場所を選んでください。</source>
        <translation>Could not save ({why}). Choose another place.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>保存しました：{path}</source>
        <translation>Saved: {path}</translation>
    </message>
</context>
<context>
    <name>PrefectureCompletenessModel</name>
    <message>
        <location filename="../../mccdesk/ui/models/prefecture_completeness_model.py" line="+36"/>
        <source>受領 第{revision}版</source>
        <translation>Received, revision {revision}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>受領 第{revision}版（期限後）</source>
        <translation>Received, revision {revision} (late)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>未着（期限超過）</source>
        <translation>Not received (overdue)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>未着（期限前）</source>
        <translation>Not yet received (before the deadline)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>（期間前）</source>
        <translation>(before the period)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>（期間中）</source>
        <translation>(period in progress)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>（対象外）</source>
        <translation>(not applicable)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>保留・隔離 {n}件</source>
        <translation>{n} held or quarantined</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ブランチ</source>
        <translation>Branch</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>第{q}四半期（期限 {due}）</source>
        <translation>Q{q} (due {due})</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>受信 {day}</source>
        <translation>Received {day}</translation>
    </message>
</context>
<context>
    <name>PrefectureCompletenessPage</name>
    <message>
        <location filename="../../mccdesk/ui/prefecture_completeness_page.py" line="+42"/>
        <source>提出状況</source>
        <translation>Submissions</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>年度</source>
        <translation>Fiscal year</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>年度(&amp;Y)：</source>
        <translation>Fiscal &amp;year:</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>ブランチ別・四半期別の提出状況</source>
        <translation>Submissions by branch and quarter</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>登録されたブランチがありません。コマンド mccdesk prefecture register で登録します。</source>
        <translation>No branches are registered. Register them with the command mccdesk prefecture register.</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>受領</source>
        <translation>Received</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>期限後に受領</source>
        <translation>Received late</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>未着（期限超過）</source>
        <translation>Not received (overdue)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>保留・隔離あり（「保留・隔離」画面へ）</source>
        <translation>Files held or quarantined (see the Held and quarantined screen)</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>受領 {r} 件、未着（期限超過） {m} 件</source>
        <translation>{r} received, {m} overdue</translation>
    </message>
</context>
<context>
    <name>PrefectureIngestController</name>
    <message>
        <location filename="../../mccdesk/ui/prefecture_ingest_controller.py" line="+76"/>
        <source>取り込んでいます…</source>
        <translation>Importing…</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>取り込めませんでした: {why}</source>
        <translation>Could not import: {why}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>共有フォルダが選ばれていません（「取り込み」画面で選べます）</source>
        <translation>No shared folder chosen (choose one on the Import screen)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>共有フォルダに接続できません（{time}）</source>
        <translation>Cannot reach the shared folder ({time})</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>取り込みました（{time}）：受付 {a} 件、保留 {h} 件、隔離 {q} 件</source>
        <translation>Imported ({time}): {a} accepted, {h} held, {q} quarantined</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>注意 {n} 件</source>
        <translation>{n} warning(s)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>取り込みの状態</source>
        <translation>Import status</translation>
    </message>
</context>
<context>
    <name>PrefectureIngestPage</name>
    <message>
        <location filename="../../mccdesk/ui/prefecture_ingest_page.py" line="+29"/>
        <source>取り込み</source>
        <translation>Import</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>ブランチから届いた集計ファイルを、共有フォルダの inbox から取り込みます。この画面を開いている間は15分ごとに自動で取り込みます。</source>
        <translation>Imports the summary files the branches sent, from the inbox in the shared folder. While this screen is open, this runs by itself every 15 minutes.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>共有フォルダを選ぶ(&amp;O)…</source>
        <translation>Ch&amp;oose the shared folder…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>今すぐ取り込み(&amp;I)</source>
        <translation>&amp;Import now</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>最近の取り込みで届いたファイル</source>
        <translation>Files that arrived in recent imports</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>共有フォルダ：</source>
        <translation>Shared folder:</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>（選ばれていません）</source>
        <translation>(none chosen)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>共有フォルダを選ぶ</source>
        <translation>Choose the shared folder</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>受付</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>保留</source>
        <translation>Held</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>隔離</source>
        <translation>Quarantined</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>注意：{w}</source>
        <translation>Warning: {w}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>新しいファイルはありませんでした。</source>
        <translation>There were no new files.</translation>
    </message>
</context>
<context>
    <name>PrefectureQuarantineModel</name>
    <message>
        <location filename="../../mccdesk/ui/models/prefecture_quarantine_model.py" line="+29"/>
        <source>受信日時</source>
        <translation>Received at</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>状態</source>
        <translation>State</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ブランチ</source>
        <translation>Branch</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>期間</source>
        <translation>Period</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ファイル</source>
        <translation>File</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>理由</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>保留（自動で再確認）</source>
        <translation>Held (checked again automatically)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>隔離</source>
        <translation>Quarantined</translation>
    </message>
</context>
<context>
    <name>PrefectureQuarantinePage</name>
    <message>
        <location filename="../../mccdesk/ui/prefecture_quarantine_page.py" line="+34"/>
        <source>保留・隔離したファイル</source>
        <translation>Held and quarantined files</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>保留のファイルは、前のファイルが届けば次の取り込みで自動的に受け付けます。隔離したファイルは集計表に入りません。ブランチに連絡し、送り直してもらってください。</source>
        <translation>A held file is accepted by itself at the next import once the file before it has arrived. Quarantined files are left out of the tables: contact the branch and ask them to send it again.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>保留・隔離したファイルの一覧</source>
        <translation>List of held and quarantined files</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>保留・隔離したファイルはありません。</source>
        <translation>No files are held or quarantined.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>詳細(&amp;D)：</source>
        <translation>&amp;Details:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>選んだファイルの詳細</source>
        <translation>Details of the chosen file</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>理由：{ja}（{code}）</source>
        <translation>Reason: {ja} ({code})</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>詳細：{detail}</source>
        <translation>Details: {detail}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ブランチ：{branch}（受信フォルダ {folder}）</source>
        <translation>Branch: {branch} (inbox folder {folder})</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>期間：{period}&#x3000;版：{rev}&#x3000;通番：{seq}</source>
        <translation>Period: {period}   Revision: {rev}   Sequence no.: {seq}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>ファイル：{name}</source>
        <translation>File: {name}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SHA-256：{hash}</source>
        <translation>SHA-256: {hash}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>受信 {received}、判定 {decided}</source>
        <translation>Received {received}, decided {decided}</translation>
    </message>
</context>
<context>
    <name>PrefectureTableModel</name>
    <message>
        <location filename="../../mccdesk/ui/models/prefecture_table_model.py" line="+19"/>
        <source>区分</source>
        <translation>Category</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>個人が特定されないよう非表示にした数、またはブランチで非表示とされた数を含む数です</source>
        <translation>This count includes numbers hidden so that no one can be identified, here or by the branch</translation>
    </message>
</context>
<context>
    <name>PrefectureTablesPage</name>
    <message>
        <location filename="../../mccdesk/ui/prefecture_tables_page.py" line="+58"/>
        <source>県の集計表</source>
        <translation>Prefecture tables</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>集計する期間</source>
        <translation>Period to summarise</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>期間(&amp;P)：</source>
        <translation>&amp;Period:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Excelに出力(&amp;E)</source>
        <translation>Save as &amp;Excel</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>PDFに出力(&amp;F)</source>
        <translation>Save as PD&amp;F</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>集計表の一覧</source>
        <translation>List of tables</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>選んだ集計表</source>
        <translation>The chosen table</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>集計表のグラフ</source>
        <translation>Chart of the table</translation>
    </message>
    <message>
        <location line="+62"/>
        <source>集計に含むブランチ：{n} か所</source>
        <translation>Branches included: {n}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>未提出の圏域：{areas}</source>
        <translation>Areas not yet submitted: {areas}</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>Excel ブック (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>保存先</source>
        <translation>Save to</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>集計表を出力しています…</source>
        <translation>Saving the tables…</translation>
    </message>
</context>
<context>
    <name>PrefectureWindow</name>
    <message>
        <location filename="../../mccdesk/ui/prefecture_window.py" line="+54"/>
        <source>mccdesk — 県（医療的ケア児支援センター 総合事務局）</source>
        <translation>mccdesk — Prefecture (support centre head office)</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>保存しました: {path}</source>
        <translation>Saved: {path}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>画面の切り替え</source>
        <translation>Switch screens</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>提出状況</source>
        <translation>Submissions</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>保留・隔離</source>
        <translation>Held and quarantined</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>集計表</source>
        <translation>Tables</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>取り込み</source>
        <translation>Import</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>県：{name}</source>
        <translation>Prefecture: {name}</translation>
    </message>
</context>
<context>
    <name>QuarterBox</name>
    <message>
        <location filename="../../mccdesk/ui/home_page.py" line="-116"/>
        <source>今期の新規相談</source>
        <translation>New cases this quarter</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>{n}件</source>
        <translation>{n}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>・</source>
        <translation> · </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{label} {n}件</source>
        <translation>{label} {n}</translation>
    </message>
</context>
<context>
    <name>RecoveryKeyDialog</name>
    <message>
        <location filename="../../mccdesk/ui/recovery_key_dialog.py" line="+51"/>
        <source>回復キーで開く</source>
        <translation>Open with the recovery key</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>このPC・このユーザーにはケースブックの鍵が保存されていません。
金庫に保管している「ケースブック 回復キー」のシートを見て、6桁ずつ16グループを入力してください。</source>
        <translation>The case book key is not stored for this user on this PC.
Take the &quot;Case book recovery key&quot; sheet from the safe and enter its 16 groups of 6 characters.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>第{n}グループ</source>
        <translation>Group {n}</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>キャンセル</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>開く</source>
        <translation>Open</translation>
    </message>
</context>
<context>
    <name>RecoveryKeyPage</name>
    <message>
        <location filename="../../mccdesk/ui/setup_wizard.py" line="+15"/>
        <source>回復キー</source>
        <translation>Recovery key</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>ケースブックを作成しました。この回復キーは今だけ表示します。PCの入れ替えや故障のとき、これがないとケースブックを開けません。印刷して金庫などに保管してください。</source>
        <translation>The case book has been created. This recovery key is shown only now. Without it the case book cannot be opened after a PC is replaced or breaks down. Print it and keep it somewhere safe, such as a safe.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>回復キーシートを印刷…</source>
        <translation>Print the recovery key sheet…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>回復キーを控えました</source>
        <translation>I have kept the recovery key</translation>
    </message>
</context>
<context>
    <name>ReferralDetail</name>
    <message>
        <location filename="../../mccdesk/ui/widgets/referral_detail.py" line="+61"/>
        <source>新しい状況</source>
        <translation>New status</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>状況の日付</source>
        <translation>Status date</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>状況を変更(&amp;U)</source>
        <translation>Change stat&amp;us</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>紹介状を印刷（Ctrl+P）</source>
        <translation>Print referral sheet (Ctrl+P)</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>経過</source>
        <translation>History</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>状況の変更</source>
        <translation>Change status</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>一覧から紹介を選んでください。</source>
        <translation>Choose a referral from the list.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{child}（{case}）→ {resource}
紹介日 {day}&#x3000;目的：{purpose}</source>
        <translation>{child} ({case}) → {resource}
Referred on {day}   Purpose: {purpose}</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>紹介日より前の日付にはできません。</source>
        <translation>The date cannot be before the referral date.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>状況を「{status}」（{day}）にしました</source>
        <translation>Status changed to &quot;{status}&quot; ({day})</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>紹介状のプレビュー</source>
        <translation>Referral sheet preview</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>紹介状を印刷しました</source>
        <translation>Referral sheet printed</translation>
    </message>
    <message>
        <location line="-27"/>
        <source>紹介状_{number}_{id}.pdf</source>
        <translation>referral_{number}_{id}.pdf</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>紹介状を保存しました：{path}</source>
        <translation>Referral sheet saved: {path}</translation>
    </message>
</context>
<context>
    <name>ReferralForm</name>
    <message>
        <location filename="../../mccdesk/ui/widgets/referral_form.py" line="+61"/>
        <location line="+32"/>
        <source>児童</source>
        <translation>Child</translation>
    </message>
    <message>
        <location line="-31"/>
        <source>名前・かなを入力して候補から選択</source>
        <translation>Type a name or kana and choose from the suggestions</translation>
    </message>
    <message>
        <location line="+14"/>
        <location line="+18"/>
        <source>相談ケース</source>
        <translation>Case</translation>
    </message>
    <message>
        <location line="-14"/>
        <location line="+16"/>
        <source>紹介日</source>
        <translation>Referred on</translation>
    </message>
    <message>
        <location line="-14"/>
        <source>紹介の目的</source>
        <translation>Purpose of the referral</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+15"/>
        <source>依頼事項</source>
        <translation>What is asked</translation>
    </message>
    <message>
        <location line="-12"/>
        <source>本人・保護者の同意（提供の範囲）を確認しました(&amp;K)</source>
        <translation>I have chec&amp;ked the consent of the child or guardian (what may be shared)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>紹介を登録（Enter）</source>
        <translation>Record referral (Enter)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>取消（Esc）</source>
        <translation>Cancel (Esc)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>紹介先</source>
        <translation>Referred to</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>目的</source>
        <translation>Purpose</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>同意</source>
        <translation>Consent</translation>
    </message>
    <message>
        <location line="+103"/>
        <source>この児童には情報提供への同意が記録されていません。児童の画面の「同意」タブで記録してから紹介してください。</source>
        <translation>No consent to share information is recorded for this child. Record it on the &quot;Consent&quot; tab of the Children screen before referring.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>同意は {day} に撤回されています。紹介できません。</source>
        <translation>Consent was withdrawn on {day}. The child cannot be referred.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>紹介日に有効な「氏名・生年月日・住所」の提供への同意がありません（同意日 {day}）。児童の画面の「同意」タブで確認してください。</source>
        <translation>On the referral date there is no valid consent to share &quot;name, date of birth and address&quot; (consent given on {day}). Check the &quot;Consent&quot; tab of the Children screen.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>児童を選ぶと同意の記録が表示されます。</source>
        <translation>Choose a child to see the consent record.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>同意：{who}（{day}）&#x3000;範囲：{scopes}</source>
        <translation>Consent: {who} ({day})   May share: {scopes}</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>候補から児童を選んでください。</source>
        <translation>Choose a child from the suggestions.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>この児童には相談ケースがありません。先に新規相談で受け付けてください。</source>
        <translation>This child has no case. Record a new consultation first.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>新しい紹介先の名称を入力してください。</source>
        <translation>Enter the name of the new service.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>紹介先を一覧から選ぶか、「一覧にない紹介先」に入力してください。</source>
        <translation>Choose a service from the list, or type one under &quot;Service not in the list&quot;.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>同意の内容を確認したら、確認欄にチェックしてください。</source>
        <translation>When you have checked the consent, tick the box.</translation>
    </message>
</context>
<context>
    <name>ReferralPage</name>
    <message>
        <location filename="../../mccdesk/ui/referral_page.py" line="+50"/>
        <source>紹介の一覧</source>
        <translation>Referrals</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>新しい紹介（Ctrl+Shift+N）</source>
        <translation>New referral (Ctrl+Shift+N)</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>紹介（依頼中が先頭）</source>
        <translation>Referrals (awaiting reply first)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>新しい紹介</source>
        <translation>New referral</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>選択した紹介</source>
        <translation>Selected referral</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>依頼中 {waiting:,} 件（全 {total:,} 件）</source>
        <translation>{waiting:,} awaiting reply ({total:,} in all)</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>紹介を登録しました（依頼中）</source>
        <translation>Referral recorded (awaiting reply)</translation>
    </message>
</context>
<context>
    <name>ReferralTableModel</name>
    <message>
        <location filename="../../mccdesk/ui/models/referral_table_model.py" line="+37"/>
        <source>状況</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>紹介日</source>
        <translation>Referred on</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>児童</source>
        <translation>Child</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>受付番号</source>
        <translation>Case no.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>紹介先</source>
        <translation>Referred to</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>目的</source>
        <translation>Purpose</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>状況の日付</source>
        <translation>Status date</translation>
    </message>
</context>
<context>
    <name>ResourceForm</name>
    <message>
        <location filename="../../mccdesk/ui/widgets/resource_form.py" line="+53"/>
        <location line="+41"/>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <location line="-38"/>
        <location line="+39"/>
        <source>種別</source>
        <translation>Type</translation>
    </message>
    <message>
        <location line="-35"/>
        <location line="+36"/>
        <source>市町村</source>
        <translation>Municipality</translation>
    </message>
    <message>
        <location line="-37"/>
        <source>市町村名を入力（県外も可）</source>
        <translation>Municipality (or: outside the prefecture)</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+34"/>
        <source>部署</source>
        <translation>Department</translation>
    </message>
    <message>
        <location line="-32"/>
        <location line="+33"/>
        <source>担当者</source>
        <translation>Coordinator</translation>
    </message>
    <message>
        <location line="-31"/>
        <location line="+36"/>
        <source>電話</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location line="-34"/>
        <location line="+32"/>
        <source>FAX</source>
        <translation>Fax</translation>
    </message>
    <message>
        <location line="-30"/>
        <location line="+33"/>
        <source>メール</source>
        <translation>Email</translation>
    </message>
    <message>
        <location line="-30"/>
        <location line="+31"/>
        <source>住所</source>
        <translation>Address</translation>
    </message>
    <message>
        <location line="-19"/>
        <location line="+21"/>
        <source>メモ</source>
        <translation>Notes</translation>
    </message>
    <message>
        <location line="-20"/>
        <source>受け入れ条件・空き状況など</source>
        <translation>Conditions for accepting children, vacancies and so on</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>保存（Enter）</source>
        <translation>Save (Enter)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>キャンセル（Esc）</source>
        <translation>Cancel (Esc)</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>医療的ケア</source>
        <translation>Medical care</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>地域資源を編集</source>
        <translation>Edit local service</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>地域資源を追加</source>
        <translation>Add local service</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>名称を入力してください。</source>
        <translation>Enter a name.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>市町村を選んでください。</source>
        <translation>Choose a municipality.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>一覧にない市町村です。候補から選んでください。</source>
        <translation>This municipality is not in the list. Choose one of the suggestions.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>メールアドレスの形式が正しくありません。</source>
        <translation>This email address is not valid.</translation>
    </message>
</context>
<context>
    <name>ResourcePicker</name>
    <message>
        <location filename="../../mccdesk/ui/widgets/resource_picker.py" line="+52"/>
        <source>紹介先を検索（↓で一覧へ）</source>
        <translation>Search services (↓ to the list)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>紹介先の検索</source>
        <translation>Search services</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>紹介先の候補</source>
        <translation>Suggested services</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>一覧にない紹介先を入力(&amp;W)</source>
        <translation>Service not in the list (&amp;W)</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+1"/>
        <source>新しい紹介先の名称</source>
        <translation>Name of the new service</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>新しい紹介先の種類</source>
        <translation>Type of the new service</translation>
    </message>
</context>
<context>
    <name>ResourcePickerModel</name>
    <message>
        <location filename="../../mccdesk/ui/models/resource_picker_model.py" line="+32"/>
        <source>推奨：医療的ケアすべてに対応</source>
        <translation>Recommended: provides all the medical care needed</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>候補：未対応のケア {missing}</source>
        <translation>Possible: does not provide {missing}</translation>
    </message>
</context>
<context>
    <name>ResourceTableModel</name>
    <message>
        <location filename="../../mccdesk/ui/models/resource_table_model.py" line="+36"/>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>種別</source>
        <translation>Type</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>市町村</source>
        <translation>Municipality</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>部署・担当者</source>
        <translation>Department and contact</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>電話</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>対応できる医療的ケア</source>
        <translation>Medical care provided</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>状態</source>
        <translation>State</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>利用終了 {day}</source>
        <translation>No longer used since {day}</translation>
    </message>
</context>
<context>
    <name>ResourcesPage</name>
    <message>
        <location filename="../../mccdesk/ui/resources_page.py" line="+58"/>
        <source>名称・担当者・住所などで検索（かな・カナどちらでも）</source>
        <translation>Search by name, contact, address and so on (hiragana or katakana)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>地域資源の検索</source>
        <translation>Search local services</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>種別で絞り込み</source>
        <translation>Filter by type</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>すべての種別</source>
        <translation>All types</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>地域で絞り込み</source>
        <translation>Filter by municipality</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>すべての地域</source>
        <translation>All municipalities</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>医療的ケアで絞り込み</source>
        <translation>Filter by medical care</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>すべての医療的ケア</source>
        <translation>All medical care</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>利用終了も表示</source>
        <translation>Show services no longer used</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>追加（Insert）</source>
        <translation>Add (Insert)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>編集（Enter）</source>
        <translation>Edit (Enter)</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+86"/>
        <source>利用終了（Delete）</source>
        <translation>No longer used (Delete)</translation>
    </message>
    <message>
        <location line="-13"/>
        <source>{shown:,} 件を表示（全 {total:,} 件）</source>
        <translation>Showing {shown:,} of {total:,}</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>利用再開（Delete）</source>
        <translation>Use again (Delete)</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>「{name}」を保存しました（今の絞り込みでは表示されません）。</source>
        <translation>&quot;{name}&quot; saved (the current filters hide it).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>「{name}」を保存しました。</source>
        <translation>&quot;{name}&quot; saved.</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>「{name}」の利用を再開しました。</source>
        <translation>&quot;{name}&quot; is in use again.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>「{name}」は紹介 {count} 件の記録で使われているため削除できません。利用終了にしました。</source>
        <translation>&quot;{name}&quot; cannot be deleted because {count} referral records use it. It is marked as no longer used.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>「{name}」を利用終了にしました（地域資源は削除せず、利用終了として残します）。</source>
        <translation>&quot;{name}&quot; is marked as no longer used (local services are kept, not deleted).</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <location filename="../../mccdesk/ui/settings_page.py" line="+34"/>
        <source>設定</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>表示（このPC）</source>
        <translation>Display (this PC)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>標準</source>
        <translation>Normal</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>大</source>
        <translation>Large</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>特大</source>
        <translation>Extra large</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>表示言語は、選ぶとすぐに切り替わります。</source>
        <translation>The display language changes as soon as you choose it.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>表示言語</source>
        <translation>Display language</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>文字の大きさ</source>
        <translation>Text size</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>担当者</source>
        <translation>Coordinator</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>担当者の一覧</source>
        <translation>Coordinators</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>追加する担当者の氏名</source>
        <translation>Name of the coordinator to add</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+96"/>
        <source>氏名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location line="-94"/>
        <location line="+1"/>
        <location line="+96"/>
        <source>ふりがな</source>
        <translation>Name in kana</translation>
    </message>
    <message>
        <location line="-94"/>
        <source>追加</source>
        <translation>Add</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+41"/>
        <source>無効にする</source>
        <translation>Deactivate</translation>
    </message>
    <message>
        <location line="-38"/>
        <source>名前を変更</source>
        <translation>Rename</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>担当者は削除できません（記録に担当者名が残るため）。異動などで使わなくなったら「無効にする」を押してください。</source>
        <translation>Coordinators cannot be deleted (their names stay in the records). When someone no longer works here, press &quot;Deactivate&quot;.</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>有効に戻す</source>
        <translation>Reactivate</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>追加する担当者の氏名を入力してください。</source>
        <translation>Enter the name of the coordinator to add.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>作業中の担当者は無効にできません。先に画面下で担当者を切り替えてください。</source>
        <translation>The coordinator now working cannot be deactivated. First switch coordinator at the bottom of the window.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>新しい氏名</source>
        <translation>New name</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>新しいふりがな</source>
        <translation>New furigana</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>変更を保存</source>
        <translation>Save the change</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>新しい氏名を入力してください。</source>
        <translation>Enter the new name.</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>ケースブックの設定（ブランチ共通）</source>
        <translation>Case book settings (shared by the branch)</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+24"/>
        <source>送付フォルダ</source>
        <translation>Drop folder</translation>
    </message>
    <message>
        <location line="-23"/>
        <location line="+24"/>
        <source>バックアップ先</source>
        <translation>Backup folder</translation>
    </message>
    <message>
        <location line="-21"/>
        <source>しない</source>
        <translation>Never</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> 日ごと</source>
        <translation> days</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>定期バックアップの間隔</source>
        <translation>Days between scheduled backups</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>今すぐバックアップ</source>
        <translation>Back up now</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>電話番号</source>
        <translation>Phone number</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>FAX番号</source>
        <translation>Fax number</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>定期バックアップ</source>
        <translation>Scheduled backup every</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>前回のバックアップ</source>
        <translation>Last backup</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>電話番号（紹介状）</source>
        <translation>Phone number (referral sheets)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>FAX番号（紹介状）</source>
        <translation>Fax number (referral sheets)</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>まだありません</source>
        <translation>None yet</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>設定を保存しました。</source>
        <translation>Settings saved.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>先にバックアップ先のフォルダを指定してください。</source>
        <translation>Choose a backup folder first.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>バックアップを作成しています…</source>
        <translation>Backing up…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>バックアップを作成し、検査しました: {name}</source>
        <translation>Backed up and checked: {name}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>取り込み</source>
        <translation>Import</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>これまでの相談記録（Excel・CSV）をケースブックに取り込みます。</source>
        <translation>Import earlier case records (Excel, CSV) into the case book.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>取り込み…</source>
        <translation>Import…</translation>
    </message>
</context>
<context>
    <name>SetupWizard</name>
    <message>
        <location filename="../../mccdesk/ui/setup_wizard.py" line="+31"/>
        <source>ケースブックの作成</source>
        <translation>Create a case book</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>次へ</source>
        <translation>Next</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>戻る</source>
        <translation>Back</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>キャンセル</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>完了</source>
        <translation>Finish</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>フォルダは「フォルダを選ぶ…」で指定してください。</source>
        <translation>Choose the folder with &quot;Choose folder…&quot;.</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>ケースブックを作成しています…</source>
        <translation>Creating the case book…</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>回復キーシートの保存先</source>
        <translation>Save the recovery key sheet as</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>保存しました: {path}</source>
        <translation>Saved: {path}</translation>
    </message>
</context>
<context>
    <name>SummariesPage</name>
    <message>
        <location filename="../../mccdesk/ui/summaries_page.py" line="+69"/>
        <source>集計・送信</source>
        <translation>Summaries</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>集計の一覧</source>
        <translation>Summaries</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>送信される集計表</source>
        <translation>Table that will be sent</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>「－」は少数のため、個人が特定されないよう非表示にした数です（開示制御）。他の数から計算で戻せないよう、必要な数もあわせて非表示にしています。</source>
        <translation>&quot;－&quot; marks a small number hidden so that no one can be identified (disclosure control). Other numbers are hidden as well where needed, so that it cannot be worked out from the rest.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>集計する期間</source>
        <translation>Period to summarise</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>集計を作成(&amp;B)</source>
        <translation>&amp;Build summary</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>承認して送信(&amp;A)</source>
        <translation>&amp;Approve and send</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>今すぐ同期(&amp;S)</source>
        <translation>&amp;Sync now</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>期間：</source>
        <translation>Period:</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>県の公開鍵がまだ登録されていないため、集計を承認・送信できません。
県の参照パッケージ（共有フォルダの reference にある .mccref ファイル）を選び、県から電話で聞いた指紋を入力して登録してください。
コマンドでも登録できます: mccdesk trust-prefecture &lt;パッケージ&gt; --fingerprint &quot;XXXX XXXX XXXX XXXX XXXX&quot;</source>
        <translation>The prefecture&apos;s public key is not registered yet, so summaries cannot be approved or sent.
Choose the prefecture&apos;s reference package (the .mccref file under &quot;reference&quot; in the shared folder) and enter the fingerprint the prefecture gave you by phone.
You can also register it from the command line: mccdesk trust-prefecture &lt;package&gt; --fingerprint &quot;XXXX XXXX XXXX XXXX XXXX&quot;</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>県の鍵を登録…</source>
        <translation>Register the prefecture&apos;s key…</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>集計はまだありません。期間を選んで「集計を作成」を押してください。</source>
        <translation>No summaries yet. Choose a period and press &quot;Build summary&quot;.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>承認すると、この表がそのまま県へ送られます。送られるのは件数だけで、氏名・生年月日・相談の記述は含まれません。</source>
        <translation>When approved, this table is sent to the prefecture as it is. Only counts are sent: no names, dates of birth or case notes.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>承認済みの表です。共有フォルダに届きしだい県へ送られます（{file}）</source>
        <translation>This table is approved. It will be sent to the prefecture as soon as it reaches the shared folder ({file})</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>県へ送った表です（{file}）</source>
        <translation>The table sent to the prefecture ({file})</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>{period}の集計を作成しています…</source>
        <translation>Building the summary for {period}…</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>集計の承認と送信</source>
        <translation>Approve and send the summary</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{period}の集計を承認し、県へ送信します。</source>
        <translation>The summary for {period} will be approved and sent to the prefecture.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>送られるのは、画面に表示している表の件数だけです（四半期と年度累計）。
氏名・生年月日・住所・相談の記述など、個人を特定できる情報は含まれません。
「－」の数は非表示のまま送られます。
承認した集計は取り消せません。訂正は、作り直して次の版として送ります。</source>
        <translation>Only the counts in the table shown are sent (the quarter and the fiscal year to date).
Nothing that could identify a person is included: no names, dates of birth, addresses or case notes.
Numbers shown as &quot;－&quot; stay hidden.
An approved summary cannot be withdrawn. To correct it, build it again and send it as the next version.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>承認して送信</source>
        <translation>Approve and send</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>キャンセル</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>署名しています…</source>
        <translation>Signing…</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>県の参照パッケージを選ぶ</source>
        <translation>Choose the prefecture&apos;s reference package</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>参照パッケージ (*.mccref);;すべてのファイル (*)</source>
        <translation>Reference packages (*.mccref);;All files (*)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>県の鍵の指紋</source>
        <translation>Fingerprint of the prefecture&apos;s key</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>県から電話で聞いた指紋を入力してください（例: 1A2B 3C4D 5E6F 7A8B 9C0D）</source>
        <translation>Enter the fingerprint the prefecture gave you by phone (e.g. 1A2B 3C4D 5E6F 7A8B 9C0D)</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>県の公開鍵を登録しました（指紋 {fp}）</source>
        <translation>Prefecture&apos;s public key registered (fingerprint {fp})</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>注意：</source>
        <translation>Warning:</translation>
    </message>
</context>
<context>
    <name>SummaryListModel</name>
    <message>
        <location filename="../../mccdesk/ui/models/summary_list_model.py" line="+26"/>
        <source>下書き</source>
        <translation>Draft</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>承認済み・送信待ち</source>
        <translation>Approved, waiting to send</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>送信済み</source>
        <translation>Sent</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>受領確認済み</source>
        <translation>Receipt confirmed</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>差し戻し</source>
        <translation>Returned</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>期間</source>
        <translation>Period</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>版</source>
        <translation>Version</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>状態</source>
        <translation>State</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>日付</source>
        <translation>Date</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>（共有フォルダに届いていません）</source>
        <translation>(not yet in the shared folder)</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>第{n}版</source>
        <translation>Version {n}</translation>
    </message>
</context>
<context>
    <name>SummaryTableModel</name>
    <message>
        <location filename="../../mccdesk/ui/models/summary_table_model.py" line="+35"/>
        <source>表・区分</source>
        <translation>Table and category</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>四半期</source>
        <translation>Quarter</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>年度累計（4月から）</source>
        <translation>Fiscal year to date (from April)</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>少数のため、個人が特定されないよう非表示にした数です</source>
        <translation>A small number, hidden so that no one can be identified</translation>
    </message>
</context>
<context>
    <name>SummaryTile</name>
    <message>
        <location filename="../../mccdesk/ui/home_page.py" line="-72"/>
        <source>県への集計</source>
        <translation>Summaries for the prefecture</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>まだ送信した集計はありません</source>
        <translation>No summaries sent yet</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>前回の集計：{period}（第{n}版）</source>
        <translation>Last summary: {period} (version {n})</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>送信済み・県の受領確認待ち</source>
        <translation>Sent, waiting for the prefecture to confirm receipt</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>承認待ちの下書き：{periods}</source>
        <translation>Drafts waiting for approval: {periods}</translation>
    </message>
</context>
<context>
    <name>SyncController</name>
    <message>
        <location filename="../../mccdesk/ui/sync_controller.py" line="+81"/>
        <source>署名を確認できない県からの通知を無視しました（{name}）</source>
        <translation>Ignored a notice from the prefecture whose signature could not be verified ({name})</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>受け付けられない県からの通知を無視しました（{name}）</source>
        <translation>Ignored a notice from the prefecture that could not be accepted ({name})</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>署名を確認できない県の参照パッケージを無視しました（{name}）</source>
        <translation>Ignored a prefecture reference package whose signature could not be verified ({name})</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>県の公開鍵が未登録のため、県からの通知を読めません</source>
        <translation>The prefecture&apos;s public key is not registered, so its notices cannot be read</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>共有フォルダの一部を読めませんでした（{why}）</source>
        <translation>Part of the shared folder could not be read ({why})</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>共有フォルダと同期しています…</source>
        <translation>Syncing with the shared folder…</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>同期できませんでした: {why}</source>
        <translation>Could not sync: {why}</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>共有フォルダが設定されていません（設定画面で指定できます）</source>
        <translation>No shared folder is set (set one in Settings)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>共有フォルダに接続できません（{time}）。送信待ち {n} 件は次の同期で送ります</source>
        <translation>Cannot reach the shared folder ({time}). {n} waiting will be sent at the next sync</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>同期しました（{time}）</source>
        <translation>Synced ({time})</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>：送信 {n} 件</source>
        <translation>: {n} sent</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>：県からの通知 {n} 件</source>
        <translation>: {n} notices from the prefecture</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>：送信待ち {n} 件</source>
        <translation>: {n} waiting to send</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&#x3000;{period}の集計（下書き）を作成しました</source>
        <translation>. Draft summary for {period} built</translation>
    </message>
    <message>
        <location line="-39"/>
        <source>注意：</source>
        <translation>Warning:</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>同期の状態</source>
        <translation>Sync status</translation>
    </message>
</context>
<context>
    <name>start</name>
    <message>
        <location filename="../../mccdesk/ui/start.py" line="+42"/>
        <source>ケースブックを開いています…</source>
        <translation>Opening the case book…</translation>
    </message>
    <message>
        <location line="+60"/>
        <source>定期バックアップを作成しています…</source>
        <translation>Making the scheduled backup…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>定期バックアップを作成しました: {name}</source>
        <translation>Scheduled backup made: {name}</translation>
    </message>
</context>
</TS>

"""Each agreement version holds the full text the applicant reads before agreeing, its
SHA-256 is kept with every consent, and the seeded versions get their texts.

The association's real 定款 and 規程 are not in this repository: the seeded texts are
samples, marked 「サンプル文書」 in their first line, which the secretariat replaces by
adding new versions with the real texts (README). The action agenda's text is the list of
its items as the association's brochure gives them, with a link to its public page."""

import hashlib

from django.db import migrations, models

SAMPLE = (
    "【サンプル文書】この文書は動作確認のための見本です。協会の正式な文書ではありません。"
    "事務局が正式な文書を新しい版として登録してください。\n\n"
)
SAMPLE_EN = (
    "[SAMPLE DOCUMENT] This text is a sample for trying the system. It is not the "
    "association's document; the secretariat registers the real one as a new version.\n\n"
)

ACTION_AGENDA = """「AIガバナンス行動目標」は、民間の自主目標として全会員がコミットするものです。協会のパンフレットに掲載の項目は次のとおりです。全文は協会ウェブサイトの掲載ページをご覧ください。

■ AIガバナンス構築において重視する価値
・社会的な価値の実現
・マルチステークホルダーでの信頼構築
・イノベーションの促進

■ AIGA基本方針（AIGAの活動方針）
・AIガバナンスの民主化
・横断的な共通認識の醸成
・アジャイル・ガバナンスの実装
・リスクベースアプローチ
・国際的な議論への参加と社会規範創出への貢献

■ AIガバナンスアクションプラン（会員企業の努力目標）
［各類型のリスクへの対応］
・個人情報・プライバシー
・知的財産権の保護
・安全性・性能の確保
・公平性の確保
・悪意ある主体への対策
・サプライチェーンリスク
・人間-AI間の相互作用への安全な設計
・高い自律性をもつAI（エージェント等）とのより良い協働（2025年改定で追加）
［リスク対策のための手続］
・継続的なリスク管理
・客観的な視点の導入
・対外的な説明
・教育・リテラシー向上の推進

入会にあたり、「AIガバナンス行動目標」を共同宣言し、協会の活動に参画することに合意いただきます。"""

TEXTS = {
    "articles": """一般社団法人AIガバナンス協会 定款（見本）

第1章 総則
第1条（名称）本法人は、一般社団法人AIガバナンス協会と称する。
第2条（事務所）本法人は、主たる事務所を東京都中央区に置く。
第3条（目的）本法人は、AIに関わるあらゆるステークホルダーが集まるフォーラムとして、AIガバナンスが定着した社会の実現に寄与することを目的とする。

第2章 会員
第5条（会員の種別）本法人の会員は、正会員及び有識者会員とする。
第6条（入会）会員として入会しようとする者は、所定の手続により申し込み、理事会の承認を受けなければならない。
第7条（会費）会員は、別に定める会費を納入しなければならない。

第3章 社員総会
第12条（構成）社員総会は、すべての正会員をもって構成する。

（以下略。正式な定款を登録してください。）""",
    "membership_rules": """会員規程（見本）

第1条（目的）この規程は、会員の権利及び義務その他会員に関し必要な事項を定める。
第2条（会員の区分）正会員は通常枠とSMB・スタートアップ枠に区分し、区分は会費の表に定める基準による。
第3条（会費）会員は、会費の表に定める入会費及び年会費を、協会の指定する期日までに納入する。
第4条（活動への参加）会員は、ワーキンググループ活動及びイベントに参加することができる。
第5条（届出事項の変更）会員は、届出事項に変更があったときは、速やかに事務局に届け出る。
第6条（退会）会員は、事務局に届け出ることにより退会することができる。

（以下略。正式な会員規程を登録してください。）""",
    "confidentiality": """秘密保持誓約書（見本）

当社は、一般社団法人AIガバナンス協会の会員として活動するにあたり、次の事項を誓約します。

1. 協会の活動を通じて知り得た他の会員及び協会の秘密情報を、第三者に開示・漏えいしません。
2. 秘密情報を、協会の活動の目的以外に使用しません。
3. 会員資格を失った後も、前各項の義務を負います。

（以下略。正式な秘密保持誓約を登録してください。）""",
    "privacy": """個人情報保護方針（見本）

一般社団法人AIガバナンス協会は、会員及び申込者の個人情報を次のとおり取り扱います。

1. 取得する情報：氏名、所属、役職、連絡先等、入会手続及び会員サービスに必要な情報。
2. 利用目的：入会審査、会費の請求、会員への連絡、協会活動の運営。
3. 第三者提供：法令に基づく場合を除き、本人の同意なく第三者に提供しません。
4. 安全管理：適切な安全管理措置を講じます。
5. 開示等の請求：事務局までお問い合わせください。

（以下略。正式な個人情報保護方針を登録してください。）""",
    "antisocial": """反社会的勢力排除に関する誓約書（見本）

当社は、現在及び将来にわたり、次の各号のいずれにも該当しないことを表明し、誓約します。

1. 暴力団、暴力団員、暴力団準構成員、暴力団関係企業、総会屋等その他の反社会的勢力であること。
2. 反社会的勢力が経営を支配し、又は経営に実質的に関与していること。
3. 反社会的勢力と社会的に非難されるべき関係を有すること。

当社がこれらに違反したときは、協会が催告なく会員資格を取り消すことに異議を述べません。

（以下略。正式な誓約書を登録してください。）""",
}
ENGLISH = {
    "articles": "Articles of association (sample). The Japanese text is binding.",
    "membership_rules": "Membership rules (sample). The Japanese text is binding.",
    "confidentiality": "Confidentiality pledge (sample). The Japanese text is binding.",
    "privacy": "Privacy policy (sample). The Japanese text is binding.",
    "antisocial": "Pledge to exclude anti-social forces (sample). The Japanese text is binding.",
}


def fill(apps, schema_editor):
    AgreementDocument = apps.get_model("admissions", "AgreementDocument")
    for document in AgreementDocument.objects.filter(version="1.0", full_text=""):
        if document.kind == "action_agenda":
            text, text_en = ACTION_AGENDA, ""
        elif document.kind in TEXTS:
            text, text_en = SAMPLE + TEXTS[document.kind], SAMPLE_EN + ENGLISH[document.kind]
        else:
            continue
        document.full_text = text
        document.full_text_en = text_en
        document.sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
        document.save(update_fields=["full_text", "full_text_en", "sha256"])


class Migration(migrations.Migration):
    dependencies = [("admissions", "0009_application_duplicate_flag")]

    operations = [
        migrations.AlterField(
            model_name="agreementdocument",
            name="text",
            field=models.TextField(blank=True, verbose_name="要旨（同意欄に表示）"),
        ),
        migrations.AlterField(
            model_name="agreementdocument",
            name="text_en",
            field=models.TextField(
                blank=True, help_text="参考訳。日本語版が正本です。", verbose_name="要旨（英語）"
            ),
        ),
        migrations.AddField(
            model_name="agreementdocument",
            name="full_text",
            field=models.TextField(
                blank=True,
                help_text="申込者が同意の前に読む文書の全文です。全文のない版は適用されません。",
                verbose_name="全文",
            ),
        ),
        migrations.AddField(
            model_name="agreementdocument",
            name="full_text_en",
            field=models.TextField(
                blank=True, help_text="参考訳。日本語版が正本です。", verbose_name="全文（英語）"
            ),
        ),
        migrations.AddField(
            model_name="agreementdocument",
            name="sha256",
            field=models.CharField(
                blank=True, editable=False, max_length=64, verbose_name="全文のSHA-256"
            ),
        ),
        migrations.AlterField(
            model_name="historicalagreementdocument",
            name="text",
            field=models.TextField(blank=True, verbose_name="要旨（同意欄に表示）"),
        ),
        migrations.AlterField(
            model_name="historicalagreementdocument",
            name="text_en",
            field=models.TextField(
                blank=True, help_text="参考訳。日本語版が正本です。", verbose_name="要旨（英語）"
            ),
        ),
        migrations.AddField(
            model_name="historicalagreementdocument",
            name="full_text",
            field=models.TextField(
                blank=True,
                help_text="申込者が同意の前に読む文書の全文です。全文のない版は適用されません。",
                verbose_name="全文",
            ),
        ),
        migrations.AddField(
            model_name="historicalagreementdocument",
            name="full_text_en",
            field=models.TextField(
                blank=True, help_text="参考訳。日本語版が正本です。", verbose_name="全文（英語）"
            ),
        ),
        migrations.AddField(
            model_name="historicalagreementdocument",
            name="sha256",
            field=models.CharField(
                blank=True, editable=False, max_length=64, verbose_name="全文のSHA-256"
            ),
        ),
        migrations.AddField(
            model_name="consent",
            name="document_sha256",
            field=models.CharField(blank=True, max_length=64, verbose_name="同意した全文のSHA-256"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]

"""Requests the advisor never serves, whatever words they share with its knowledge.

"Write me a poem about AI" mentions AI, and an embedding puts it near AI literacy; but it asks
for a poem. "How many days of annual leave do I get?" sits near the civil service, but asks
for a rule of the person's own employment, not for a competency. These patterns name kinds of
request that are clearly about something else, in the languages the advisor serves (en, th,
vi with and without tone marks, id, ms, fil, km, lo, my):

- **creative writing**: a poem, song, joke, speech, toast, greeting or wedding invitation;
- **translating a text**: "translate this letter for me";
- **a personal document**: a CV, a cover letter, a resignation letter;
- **prices and exchange rates**: share prices, exchange rates, the price of gold;
- **a personal account**: a forgotten or expired password, a locked log-in;
- **office equipment fixes**: a jammed printer, Wi-Fi that drops, a broken computer;
- **pay and allowances**: salary scales, allowances, bonuses, per diem rates;
- **leave days**: annual, sick or maternity leave and how many days;
- **pensions and retirement**: when one can retire, how a pension is calculated;
- **exams and promotions**: dates, topics and past papers of civil service or promotion exams;
- **jobs and applying**: vacancies, applying to join the civil service;
- **personal tax**: filing one's own income tax return, deductions;
- **passports and identity papers**: passports, ID cards, visas, driving licences;
- **elections and politics**: who won or will win, whom to vote for;
- **a minister's private life**: family, divorce, scandal;
- **buying advice**: which phone or laptop to buy;
- **traffic fines**: paying or checking a ticket;
- **fortune telling**: horoscopes, lucky numbers, feng shui;
- **celebrity gossip**: who split up, who is dating;
- **about the assistant**: "are you ChatGPT?", "who made you?" (the refusal says what it does);
- **news of the day**: today's headlines;
- **games and riddles**: "let's play twenty questions", a riddle;
- **lottery results**: the draw, the winning numbers;
- **love and dating**: a crush, a break-up;
- **first aid and medicine**: a snake bite, which pill to take;
- **spreadsheet formulas**: "what's the Excel formula to count...", a VLOOKUP error;
- **proofreading a text**, **summarising a text**: "proofread this", "summarise the attached memo";
- **a child's schooling**: a child's school admission, homework or exam;
- **a personal legal matter**: a landlord, a deposit, a noisy neighbour;
- **public holidays**: "is the office open on...", the next long weekend;
- **weather, sports and directions**; **cooking and recipes**; **unit conversion**;
- **reminders and errands**: set a reminder, an online shopping order, the nearest ATM;
- **travel, fitness and hobbies**: an itinerary, a gym plan, learning Japanese, a noisy motorbike;
- **a personal family or money matter**: an inheritance, a scam on one's own account, an
  insurance claim;
- **trivia**: "who was the second president", "what is the capital of", "what does GDPR stand for";
- **images and photos**: "remove the background from my photo", "make me an AI picture";
- **housing and renting**: renting a flat for oneself (not a rent subsidy being designed);
- and chit-chat with the assistant ("good morning, how are you today", "ngobrol yuk").

The kinds and their patterns live in ``request_kinds.py``.

They are deliberately narrow: each names the *request* (how much, when, who won, fix, buy,
translate this), not only the subject, so "how should we set password rules for 300 staff" or
"the election commission wants to publish results as open data" never match. Questions on
these subjects can still be about digital work: "how do I train staff who fear the new payroll
system", "our passport office wants online booking". When a question says it is about such
work done by an organisation (open data, publishing, training staff, citizens, an office
that wants something...; see ``_WORK_PURPOSE``), a pattern of a guarded kind does not refuse
it. Asking for a text (a poem, a speech, a translation, a CV), about a minister's private life,
a horoscope, gossip, the assistant itself, a game or one's love life is refused whatever it
mentions.
"""

from __future__ import annotations

import re

from advisor.retrieval.request_kinds import KINDS, UNGUARDED

_COMPILED = {kind: [re.compile(p, re.IGNORECASE) for p in patterns] for kind, patterns in KINDS.items()}

# Words that say a question is about digital or data work on the subject, done by an
# organisation: open data, publishing, training staff, citizens, procurement, an office that
# wants something. Narrow on purpose: "online", "app" or "system" alone are not here, because
# "how do I renew my passport in the app" or "how do I file my tax online" are still personal
# requests; nor is bare "data" ("the salary of a data officer" asks about pay).
_WORK_PURPOSE = re.compile(
    "|".join(
        (
            r"\b(?:open data|machine[- ]readable|datasets?|databases?|personal data|data protection|"
            r"data sharing|privacy|publish|digiti[sz]\w*|digital (?:services?|transformation|infrastructure)|"
            r"e-services?|chatbots?|automat\w*|dashboards?|vendors?|procure\w*|pilot|roll(?:ing)?[- ]?outs?|"
            r"citizens|citizen'?s (?:post|complaint|message|feedback)|(?:our|your) (?:site|website|portal|e-services?)|"
            r"users|agenc(?:y|ies)|security culture|infrastructure|make the case|analy[sz]e|"
            r"evaluate|measure)\b",
            r"\b(?:my|our|train\w*|for|all|new|frontline|(?:\d+|hundreds of|thousands of)) (?:staff|employees)\b",
            r"\b(?:use|using|uses) (?:\S+ ){0,3}data (?:to|for)\b",  # "use attendance data to rank staff"
            r"\b(?:office|agency|department|ministry|commission|unit|council)\b.{0,20}"
            r"\b(?:wants?|plans?|is planning|needs? to)\b",
            r"\b(?:data (?:terbuka|pribadi|peribadi|warga|penduduk)|pangkalan data|basis data|digitalisasi|"
            r"pendigitalan|layanan digital|pelatihan|latihan(?! soal)|pengadaan|perolehan|bocor|kebocoran|warga|"
            r"masyarakat|kakitangan|publikasi|menerbitkan|mengukur|ngukur)\b",
            r"\b(?:kantor|dinas|pemda|kementerian|instansi|badan|kpu|jabatan|spr|majlis|pbt)\b.{0,25}"
            r"\b(?:mau|ingin|mahu|hendak|nak|tanya|minta)\b",
            r"(ฐานข้อมูล|ข้อมูลเปิด|ข้อมูลส่วนบุคคล|รั่วไหล|เปลี่ยนผ่านดิจิทัล|อบรม|จัดซื้อ|ผู้ขาย|ดูแลระบบ|"
            r"(?<!บัตร)ประชาชน|เจ้าหน้าที่|เปิดเผยข้อมูล|วัดผล|ประเมินผล|เปิดระบบ|(?:เว็บ|ระบบ|แอป)\S{0,12}ของเรา)",
            r"(สำนักงาน|หน่วยงาน|กรม)\S{0,20}(อยากให้|ต้องการให้)",
            r"\b(dữ liệu mở|du lieu mo|dữ liệu cá nhân|du lieu ca nhan|cơ sở dữ liệu|co so du lieu|"
            r"chuyển đổi số|chuyen doi so|đo hiệu quả|do hieu qua|chỉ số|đào tạo|dao tao|mua sắm|mua sam|"
            r"nhà cung cấp|người dân|nguoi dan|cho dân|cho dan|công bố|cong bo|bỏ giữa chừng|bo giua chung)\b",
            r"\b(?:phòng|cơ quan|sở|bộ|ủy ban|ubnd|phường|xã|huyện|tỉnh)\b.{0,30}\b(?:muốn|định|cần)\b",
            r"\b(?:i-publish|i-train|datos|na-leak|sukatin|mamamayan|ahensya)\b",
            r"\bgusto ng\b.{0,20}\b(?:office|ahensya|opisina|comelec|dict|bir|lgu)\b",
            r"(ទិន្នន័យផ្ទាល់ខ្លួន|បណ្តុះបណ្តាល|ប្រជាពលរដ្ឋ|ຂໍ້ມູນສ່ວນບຸກຄົນ|ຝຶກອົບຮົມ|ປະຊາຊົນ|"
            r"လေ့ကျင့်|ပြည်သူ|ထုတ်ပြန်|ຕາມໃຫ້ທັນ|လိုက်မီ)",  # ...and "keep up" (with the move to apps)
            r"((ការិយាល័យ|ក្រសួង).{0,30}ចង់|(ຫ້ອງການ|ກະຊວງ).{0,30}ຢາກ|(ရုံးက|ဌာနက).{0,40}ချင်)",
            # Nobody owning the records, and getting people to adopt something: data governance and
            # change, even when the records are leave days or pay and the thing is a printer.
            r"\b(?:nobody|no one|who) (?:owns|is responsible for|takes responsibility)\b|"
            r"\bget (?:people|staff|colleagues|my team|the team|everyone) to\b",
            r"\bsiapa (?:patut|yang|yg|sepatutnya|seharusnya) (?:jaga|pegang|urus|bertanggung ?jawab)\b",
            r"(ไม่มีใคร(?:ยอม)?(?:รับผิดชอบ|ดูแล)|ดูแลข้อมูล|ข้อมูล\S{0,30}(?:ผิด|ไม่ตรง))",
            r"\b(?:ai chịu trách nhiệm|ai chiu trach nhiem|không ai chịu|khong ai chiu)\b",
        )
    ),
    re.IGNORECASE,
)


def work_purpose(text: str) -> str | None:
    """The words that show ``text`` is about digital or data work (a system, open data...), or ``None``."""
    found = _WORK_PURPOSE.search(text)
    return found.group(0) if found else None


def unrelated_request(text: str) -> str | None:
    """The kind of clearly unrelated request ``text`` makes, or ``None``.

    A guarded kind (pay, leave, passports, elections...) does not count when the question says
    it is about digital work on that subject ("our passport office wants online booking").
    """
    purpose = work_purpose(text)
    for kind, patterns in _COMPILED.items():
        if purpose and kind not in UNGUARDED:
            continue
        if any(pattern.search(text) for pattern in patterns):
            return kind
    return None

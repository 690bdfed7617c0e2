"""The fixed phrases of the share card and the decision record, in each language.

`share_card.CardTexts` and `quiz.decision_record.RecordTexts` take their words as arguments
(English by default); the quiz supplies everything else in the language of the quiz it is
given. These follow the page's language: `card_texts(lang)`, `record_texts(lang)`. Braced
names are kept as they are; the Nepali words follow `data/glossary.ne.toml`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from .quiz.decision_record import ENGLISH as ENGLISH_RECORD
from .quiz.decision_record import RecordTexts


# The share card's words (share_card.py draws them; kept here so that choosing a language's
# words never loads Pillow).
@dataclass(frozen=True)
class CardTexts:
    """The card's fixed words, English by default; the quiz supplies the rest.

    Braced names are filled in by `draw_share_card`.
    """

    brand: str = "Backend Advisor"
    quiz_version: str = "quiz {version}"
    eyebrow: str = "Our recommendation"
    clear_cut: str = "{margin}  ·  {scores}"
    score: str = "{option} {score}"  # one option's score in `{scores}`, joined by "  ·  "
    # scoring.MARGIN_LABELS -> what the card says.
    margin_labels: Mapping[str, str] = field(
        default_factory=lambda: MappingProxyType(
            {"clear-cut": "Clear-cut", "leaning": "Leaning", "close call": "Close call"}
        )
    )
    factors_heading: str = "What matters most for this project"
    importance: str = "{importance} for this project"
    # scoring.IMPORTANCE_LABELS -> what the card says.
    importance_labels: Mapping[str, str] = field(
        default_factory=lambda: MappingProxyType(
            {"Critical": "Critical", "High": "High", "Moderate": "Moderate", "Low": "Low"}
        )
    )


ENGLISH_CARD = CardTexts()


NEPALI_CARD = CardTexts(
    brand="ब्याकएन्ड सल्लाहकार",
    quiz_version="क्विज {version}",
    eyebrow="हाम्रो सिफारिस",
    clear_cut="{margin}  ·  {scores}",
    margin_labels=MappingProxyType(
        {"clear-cut": "स्पष्ट", "leaning": "झुकाव", "close call": "निकै नजिक"}
    ),
    factors_heading="यो परियोजनाका लागि सबैभन्दा महत्त्वपूर्ण कुरा",
    importance="यो परियोजनाका लागि {importance}",
    importance_labels=MappingProxyType(
        {"Critical": "अत्यन्त महत्त्वपूर्ण", "High": "उच्च", "Moderate": "मध्यम", "Low": "न्यून"}
    ),
)

NEPALI_RECORD = RecordTexts(
    title="ब्याकएन्ड स्ट्याक — {verdict}",
    status_heading="स्थिति",
    status="प्रस्तावित",
    context_heading="सन्दर्भ",
    context_intro="हामीले बनाउन लागेको ब्याकएन्डबारे ब्याकएन्ड सल्लाहकार क्विजको उत्तर दियौँ।",
    answer="“{prompt}” सोधिँदा हामीले “{choice}” उत्तर दियौँ।",
    decision_heading="निर्णय",
    decision="रोजिएको विकल्प: **{verdict}**।",
    clear_cut=(
        "यो {margin_phrase} हो: हाम्रा उत्तरहरूका लागि {scores} अङ्क पाउँछ, {margin_percent}% को "
        "अन्तर।"
    ),
    score="{option} ले {score}",
    and_=" र ",
    margin_phrases=MappingProxyType(
        {
            "clear-cut": "स्पष्ट निर्णय",
            "leaning": "स्पष्ट निर्णयभन्दा झुकाव",
            "close call": "निकै नजिकको निर्णय",
        }
    ),
    consequences_heading="परिणामहरू",
    good="राम्रो",
    bad="नराम्रो",
    factor=(
        "{judgement}, किनकि {factor} हाम्रा लागि {importance} महत्त्वको छ (तौल {weight}), "
        "र त्यहाँ {leader} ले ५ मा {leader_stars} पाउँछ (“{leader_label}”), {trailer} ले "
        "५ मा {trailer_stars} (“{trailer_label}”)। {article}"
    ),
    importance_words=MappingProxyType(
        {"Critical": "अत्यन्त ठूलो", "High": "उच्च", "Moderate": "मध्यम", "Low": "न्यून"}
    ),
    hybrid_cost=(
        "नराम्रो, किनकि टिमले दुई स्ट्याक चलाउँछ: दुई भाषा, दुई किसिमका औजार र डिप्लोयमेन्ट, "
        "र API तह र मेसिन लर्निङ सेवाहरूबीच नेटवर्कको सिमाना।"
    ),
    reasons_heading="सबैभन्दा बढी तौलिएका उत्तरहरू",
    reason="हामीले “{choice}” उत्तर दियौँ। {why}",
    flips_heading="यो निर्णय केले बदल्छ",
    flip="“{prompt}” को उत्तर “{choice}” दिएको भए यसको सट्टा {verdict} सिफारिस हुन्थ्यो।",
    no_flips="हाम्रा उत्तरमा कुनै एउटा परिवर्तनले यो निर्णय बदलिँदैन।",
    more_heading="थप जानकारी",
    permalink="यो अभिलेख बनाइएको क्विज नतिजा: <{permalink}>",
    quiz_version="क्विज संस्करण: {version}।",
)

_CARDS = MappingProxyType({"en": ENGLISH_CARD, "ne": NEPALI_CARD})
_RECORDS = MappingProxyType({"en": ENGLISH_RECORD, "ne": NEPALI_RECORD})


def card_texts(lang: str) -> CardTexts:
    """The share card's fixed words in `lang` ("en" or "ne"); KeyError for another."""
    return _CARDS[lang]


def record_texts(lang: str) -> RecordTexts:
    """The decision record's fixed phrases in `lang` ("en" or "ne"); KeyError for another."""
    return _RECORDS[lang]

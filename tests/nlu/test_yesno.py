"""classify_reply / classify_yes_no: answers to a proposal."""

from __future__ import annotations

import pytest

from bookbot.agent.nlu import Intent, ReplyKind, classify_reply, classify_yes_no, detect_intents

YES = [
    "yes",
    "Yes!",
    "YES PLEASE",
    "yesss",
    "yep",
    "yup",
    "yeah sure",
    "sure",
    "perfect!",
    "Perfect!",
    "sounds good",
    "Sounds great, thanks",
    "ok",
    "okay",
    "OK 👍",
    "k",
    "go ahead",
    "book it",
    "please book them",
    "confirm",
    "Confirmed",
    "that works",
    "works for me",
    "that would work",
    "👍",
    "👌",
    "✅",
    "No problem",
    "no worries, go ahead",
    "absolutely",
    "of course",
    "great",
    "fine",
    "alright",
    "let's do it",
    "deal",
    "correct",
    "yes, Friday works",
    "no wait, yes",
    "Great, see you later!",
]
NO = [
    "no",
    "No.",
    "nope",
    "nah",
    "not really",
    "doesn't work",
    "that does not work for me",
    "don't",
    "please don't",
    "cancel that",
    "no thanks",
    "No thank you",
    "I cannot make it",
    "I can't",
    "not good",
    "never mind",
    "forget it",
    "👎",
    "wrong",
    "yes no",
]
CHANGE = [
    "hmm, maybe another day",
    "yes but can we do 3pm",
    "Yes, but not on Friday",
    "no, Thursday instead",
    "How about Friday?",
    "Is Friday ok?",
    "a bit later please",
    "could we do it earlier?",
    "Thursday at 3 instead",
    "can we make it next week",
    "I can't do Friday",
    "different time please",
    "no, the 24th would be better",
]
UNKNOWN = [
    "not sure", "let me check my calendar", "What is the price?", "hello", "I need physio",
    "hmm", "how long does it take?", "", "   ", "?", "Good morning",
]  # fmt: skip


@pytest.mark.parametrize("text", YES)
def test_yes(text: str) -> None:
    assert classify_reply(text).kind is ReplyKind.YES
    assert classify_yes_no(text) == "yes"


@pytest.mark.parametrize("text", NO)
def test_no(text: str) -> None:
    assert classify_reply(text).kind is ReplyKind.NO
    assert classify_yes_no(text) == "no"


@pytest.mark.parametrize("text", CHANGE)
def test_change_is_not_a_plain_yes(text: str) -> None:
    reply = classify_reply(text)
    assert reply.kind is ReplyKind.CHANGE
    assert classify_yes_no(text) == "no"
    assert not reply.is_yes


@pytest.mark.parametrize("text", UNKNOWN)
def test_unknown(text: str) -> None:
    assert classify_reply(text).kind is ReplyKind.UNKNOWN
    assert classify_yes_no(text) is None


def test_reply_reports_dates_and_cues() -> None:
    reply = classify_reply("yes but can we do 3pm")
    assert reply.mentions_when and reply.cues == ("yes",)
    assert classify_reply("yes, Friday works").mentions_when
    assert not classify_reply("Yes!").mentions_when


def test_yes_and_no_show_up_as_intents() -> None:
    assert Intent.YES in detect_intents("Perfect!")
    assert Intent.NO in detect_intents("no thanks")
    assert Intent.NO not in detect_intents("please cancel my booking")

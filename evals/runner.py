"""Run one case once: a fresh database, its frozen clock, its steps, its checks.

Customer messages take the WhatsApp path: stored, answered by
`bookbot.service.conversations.Conversations` (the one path from a stored
message to a stored reply), and the reply sent through the real delivery
(`evals.sending`), so a turn sees the reply buttons WhatsApp would show. `admin`
steps change a session's status through the store with actor "admin"; `worker`
steps run the proactive worker's pass and deliver what is due. Whatever
goes wrong inside a run (a failing admin action, a bug, a replay miss) ends
that run with a failure naming the step; it never stops the suite.
"""

from __future__ import annotations

import json
import logging
import traceback
from dataclasses import dataclass
from datetime import datetime
from typing import NoReturn

import httpx
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bookbot.agent.runtime import build_agent, build_model
from bookbot.evals.cases_model import AdminStep, AdvanceStep, Case, UserStep, WorkerStep
from bookbot.evals.checks import check_final, check_outbound, check_reply, check_tools
from bookbot.evals.database import final_bookings, fresh_database, insert_setup
from bookbot.evals.recording import CassetteError
from bookbot.evals.results import CaseRun, Failure, ToolUse, Turn
from bookbot.evals.sending import Outbox
from bookbot.evals.transport import ModelTransport
from bookbot.service.conversations import Conversations
from bookbot.service.transports import Sent
from bookbot.settings import Settings
from bookbot.store.customers import find_customer
from bookbot.store.queries import customer_groups
from bookbot.store.status import set_session_status

log = logging.getLogger(__name__)
ADMIN_ACTOR = "admin"


class StepAborted(Exception):
    """Ends a run: the failure is already recorded."""


@dataclass(frozen=True)
class RunConfig:
    model: str
    settings: Settings
    transports: ModelTransport


class CaseRunner:
    def __init__(self, case: Case, config: RunConfig, run: int) -> None:
        self.case = case
        self.config = config
        self.result = CaseRun(case_id=case.id, run=run)
        self.clock: datetime = case.now
        self.transport: httpx.BaseTransport | None = None

    def execute(self) -> CaseRun:
        engine: Engine | None = None
        http: httpx.Client | None = None
        try:
            if self.config.model != "offline":
                self.transport = self.config.transports.for_run(self.case, self.result.run)
            if self.transport is not None:
                http = httpx.Client(transport=self.transport)
            engine, factory = fresh_database(self.case.business)
            self._steps(factory, http)
            unused = ModelTransport.unused(self.transport)
            if unused:
                self.result.failures.append(Failure(None, unused, where="replay"))
        except StepAborted:
            pass
        except CassetteError as exc:
            self.result.failures.append(Failure(None, str(exc), where="replay"))
        except Exception as exc:  # a bug in the runner's path: report, never crash the suite
            log.exception("case %s run %d failed", self.case.id, self.result.run)
            detail = "".join(traceback.format_exception_only(exc)).strip()
            self.result.failures.append(Failure(None, f"run failed: {detail}", where="run"))
        finally:
            if http is not None:
                http.close()
            if engine is not None:
                engine.dispose()
            self.result.recorded = list(ModelTransport.recorded(self.transport))
            self.result.recorded_model_ms = ModelTransport.recorded_ms(self.transport)
        return self.result

    def _steps(self, factory: sessionmaker[Session], http: httpx.Client | None) -> None:
        case, settings = self.case, self.config.settings
        try:
            insert_setup(factory, case)
        except Exception as exc:
            self._abort(None, f"setup failed: {exc}", where="setup")
        model = build_model(
            self.config.model,
            settings,
            http_client=http,
            environ=self.config.transports.environ(),
        )
        agent = build_agent(settings, model, estimate_tokens=True)
        conversations = Conversations(factory, case.business, agent)
        sender = Outbox(factory, case.business)
        for number, step in enumerate(case.steps, 1):
            if isinstance(step, UserStep):
                self._user(conversations, sender, number, step)
            elif isinstance(step, AdvanceStep):
                self.clock = step.to
            elif isinstance(step, AdminStep):
                self._admin(factory, number, step)
            else:
                self._worker(sender, number, step)
        if case.final is not None:
            actual = final_bookings(factory, case.business)
            for message in check_final(
                case.final, actual, zone=case.business.zone, case_customer=case.customer.phone
            ):
                self.result.failures.append(Failure(None, message, where="final"))

    def _abort(self, step: int | None, message: str, where: str = "step") -> NoReturn:
        self.result.failures.append(Failure(step, message, where=where))
        raise StepAborted

    def _user(
        self, conversations: Conversations, sender: Outbox, number: int, step: UserStep
    ) -> None:
        customer = self.case.customer
        answer = conversations.handle(
            phone=customer.phone, text=step.text, now=self.clock, name=customer.name
        )
        if answer is None:  # no WhatsApp id, so never a duplicate: held for staff
            self._abort(number, "no reply: the thread is handed to staff, who get the message")
        outcome = answer.outcome
        sent = [s for s in sender.deliver(self.clock) if s.message.message_id == answer.reply_id]
        tools = tuple(
            ToolUse(t.name, t.arguments, t.ok, json.dumps(t.payload, ensure_ascii=False))
            for t in outcome.tools
        )
        turn = Turn(
            step=number,
            text=step.text,
            reply=answer.reply,
            tools=tools,
            model=outcome.model_name,
            model_calls=outcome.model_calls,
            prompt_tokens=outcome.usage.prompt_tokens,
            completion_tokens=outcome.usage.completion_tokens,
            cached_tokens=outcome.usage.cached_tokens,
            call_prompt_tokens=tuple(u.prompt_tokens for u in outcome.call_usage),
            tokens_estimated=outcome.usage.estimated,
            latency_ms=outcome.latency_ms,
            error=outcome.error,
            degraded=outcome.degraded,
            buttons=sent[0].button_titles if sent else (),
            sent=bool(sent),
        )
        self.result.turns.append(turn)
        miss = ModelTransport.miss(self.transport)
        if miss:
            self._abort(number, miss)
        if outcome.degraded:  # an outage, not a wrong answer: the rest of the run means nothing
            self.result.outage = True
            self._abort(
                number,
                f"{self.config.model} was unreachable after its retries (an infrastructure "
                "error, not a failure of the bot); the run stopped",
                where="outage",
            )
        messages = []
        if outcome.error:
            messages.append(f"the turn failed: {outcome.error}")
        messages += check_tools(step.expect, tools)
        messages += check_reply(step.expect, answer.reply)
        shown = tuple(str(t) for t in tools)
        self.result.failures += [Failure(number, m, answer.reply, shown) for m in messages]

    def _admin(self, factory: sessionmaker[Session], number: int, step: AdminStep) -> None:
        what = f"admin {step.action} {step.service} session {step.session}"
        try:
            with factory.begin() as session:
                customer = find_customer(session, phone=step.customer)
                if customer is None:
                    raise LookupError(f"no customer {step.customer} in the database")
                groups = customer_groups(session, customer_id=customer.id, service_id=step.service)
                if not groups:
                    raise LookupError(f"{step.customer} has no {step.service} plan")
                set_session_status(
                    session,
                    group_id=groups[0].id,
                    session_number=step.session,
                    status=step.status,
                    actor=ADMIN_ACTOR,
                    at=self.clock,
                )
        except Exception as exc:
            self._abort(number, f"{what} failed: {exc}")

    def _worker(self, sender: Outbox, number: int, step: WorkerStep) -> None:
        try:
            delivered = sender.worker(self.clock)
        except Exception as exc:
            self._abort(number, f"worker failed: {exc}")
        sent = [(s.item.phone, _text(s)) for s in delivered]
        shown = tuple(self._addressed(phone, text) for phone, text in sent)
        self.result.outbound += [(number, text) for text in shown]
        for message in check_outbound(step.expect, sent):
            self.result.failures.append(Failure(number, message, outbound=shown))

    def _addressed(self, phone: str, text: str) -> str:
        """A message as the report shows it: another customer's is marked with the number."""
        return text if phone == self.case.customer.phone else f"(to {phone}) {text}"


def run_case(case: Case, config: RunConfig, run: int) -> CaseRun:
    return CaseRunner(case, config, run).execute()


def _text(sent: Sent) -> str:
    """The words the customer reads (a template carries the same text as its parameter)."""
    return sent.message.text

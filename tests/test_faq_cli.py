"""`python -m faq answer|eval|check|tune`, run as real subprocesses."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from faq.knowledge import KNOWLEDGE_DIR

ROOT = Path(__file__).resolve().parent.parent
API_FIELDS = {"outcome", "topic_id", "confidence", "answer_text", "answer_html", "suggestions", "language"}
HEADER = "expected\taudience\tquestion\n"


def faq(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "faq", *args], cwd=ROOT, input=stdin, capture_output=True, text=True, timeout=120
    )


def test_answer_json_from_arguments():
    result = faq("answer", "--json", "how do I withdraw from a program?")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    data = json.loads(lines[0])
    assert set(data) == API_FIELDS
    assert (data["outcome"], data["topic_id"]) == ("answer", "withdraw-enrollment")
    assert 'href="/my/programs"' in data["answer_html"]


def test_answer_one_question_per_argument():
    result = faq("answer", "--json", "is there a cost to join?", "I have chest pain right now", "what's the weather")
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert [a["outcome"] for a in answers] == ["answer", "emergency", "fallback"]


def test_answer_json_reads_one_question_per_line_from_stdin():
    result = faq("answer", "--json", "--audience", "provider", stdin="elig check\n\nI can't breathe\nbulk verification\n")
    assert result.returncode == 0, result.stderr
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert [a["outcome"] for a in answers] == ["answer", "fallback", "emergency", "answer"]
    assert [a["topic_id"] for a in answers] == ["verify-patient-enrollment", None, None, "batch-verification"]
    assert all(set(a) == API_FIELDS for a in answers)


def test_answer_audience_filters_topics():
    patient = json.loads(faq("answer", "--json", "bulk verification").stdout)
    assert patient["topic_id"] != "batch-verification"


def test_answer_readable_text():
    result = faq("answer", "how do I reset my password")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Q: how do I reset my password\n[answer] reset-password")
    assert "Forgot password (/forgot-password)" in result.stdout
    assert "Related:" in result.stdout


def test_answer_rejects_an_unknown_audience():
    result = faq("answer", "--audience", "admin", "hello")
    assert result.returncode == 2
    assert "invalid choice" in result.stderr


def test_eval_prints_the_figures(tmp_path):
    labelled = tmp_path / "small.tsv"
    labelled.write_text(
        HEADER
        + "how-to-enroll\tpatient\twhat are the steps to sign up for a care program\n"
        + "batch-verification\tprovider\tupload a spreadsheet of members to check\n"
        + "FALLBACK\tpatient\twhat's the weather on mars\n"
        + "EMERGENCY\t\tmy chest hurts so much\n"
        + "FALLBACK\tpatient\thow do I withdraw from a program\n"  # deliberately mislabelled: a miss
    )
    result = faq("eval", str(labelled), "--verbose")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "questions: 5  (in scope 2, out of scope 2, emergencies 1)" in out
    assert "top-1 accuracy 100.0%" in out
    assert "answered as if in scope 50.0%" in out
    assert "recall 100.0%   missed 0" in out
    assert "p95" in out
    assert "misses (1):" in out and "how do I withdraw from a program" in out


def test_eval_of_the_labelled_set_reports_both_parts():
    result = faq("eval", "tests/faq_eval.tsv")
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stdout.splitlines() if "top-1 accuracy" in line]
    dev, held_out = (float(line.split("top-1 accuracy")[1].split("%")[0]) for line in lines[:2])
    assert dev >= 93.0 and held_out >= 85.0
    assert result.stdout.count("missed 0") == 3  # dev, held out, all


def test_eval_rejects_malformed_files(tmp_path):
    cases = {
        "no_header.tsv": "how-to-enroll\tpatient\thow do I enroll\n",
        "missing_column.tsv": "expected\tquestion\nhow-to-enroll\thow do I enroll\n",
        "short_row.tsv": HEADER + "how-to-enroll\tpatient\n",
        "unknown_topic.tsv": HEADER + "no-such-topic\tpatient\thow do I enroll\n",
        "bad_audience.tsv": HEADER + "how-to-enroll\tdoctor\thow do I enroll\n",
        "hidden_topic.tsv": HEADER + "batch-verification\tpatient\tbulk verification\n",
        "empty_question.tsv": HEADER + "FALLBACK\tpatient\t\n",
        "empty.tsv": "",
    }
    for name, content in cases.items():
        path = tmp_path / name
        path.write_text(content)
        result = faq("eval", str(path))
        assert result.returncode != 0, name
        assert "malformed labelled file" in result.stderr, name
    assert faq("eval", str(tmp_path / "absent.tsv")).returncode != 0


def test_eval_uses_the_default_audience_for_empty_cells(tmp_path):
    path = tmp_path / "provider.tsv"
    path.write_text(HEADER + "batch-verification\t\tbulk verification\n")
    assert faq("eval", str(path)).returncode != 0  # patients never see provider topics
    assert faq("eval", str(path), "--audience-default", "provider").returncode == 0


def test_check_passes_on_the_knowledge_base():
    result = faq("check")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok: ")
    assert "38 required topics present" in result.stdout


def test_check_fails_with_clear_messages(tmp_path):
    broken = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE_DIR, broken)
    (broken / "required_topics.txt").write_text("how-to-enroll\nteleportation\n")
    topics = broken / "topics" / "enrollment.yaml"
    topics.write_text(topics.read_text().replace("audience: patient", "audience: everyone", 1))
    result = faq("--knowledge", str(broken), "check")
    assert result.returncode == 1
    assert "required topic 'teleportation' is missing" in result.stderr
    assert "audience 'everyone' is not one of patient, provider, all" in result.stderr


def test_answer_fails_cleanly_on_a_broken_knowledge_base(tmp_path):
    broken = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE_DIR, broken)
    (broken / "site.yaml").write_text("home: /\n")
    result = faq("--knowledge", str(broken), "answer", "hello")
    assert result.returncode == 1
    assert "invalid knowledge base" in result.stderr and "Traceback" not in result.stderr


def test_tune_prints_settings_to_copy(tmp_path):
    path = tmp_path / "tiny.tsv"
    path.write_text(
        HEADER
        + "how-to-enroll\tpatient\tsteps to sign up for a care program\n"
        + "reset-password\tpatient\tlocked out, forgot my password\n"
        + "FALLBACK\tpatient\tweather on mars\n"
        + "withdraw-enrollment\tpatient\tcancel my care program\n"
    )
    result = faq("tune", str(path))
    assert result.returncode == 0, result.stderr
    assert "answer_threshold = " in result.stdout and "negative_cutoff = " in result.stdout
    assert "on the dev rows (4 tuned on; 0 rows of other splits never read)" in result.stdout


def test_eval_with_the_phrasings_taught_in_the_portal(tmp_path):
    labelled = tmp_path / "yoga.tsv"
    labelled.write_text(HEADER + "how-to-enroll\tpatient\tput me on the yoga list\n", encoding="utf-8")
    taught = tmp_path / "taught.tsv"
    taught.write_text("kind\ttopic_id\tphrase\nalternate\thow-to-enroll\tput me on the yoga list\n", encoding="utf-8")
    without = faq("eval", str(labelled))
    with_taught = faq("eval", str(labelled), "--taught", str(taught))
    assert "answered correctly 0.0%" in without.stdout and "answered correctly 100.0%" in with_taught.stdout
    taught.write_text("kind\ttopic\nalternate\n", encoding="utf-8")
    assert faq("eval", str(labelled), "--taught", str(taught)).returncode == 2


def test_eval_reports_each_split(tmp_path):
    labelled = tmp_path / "split.tsv"
    labelled.write_text("split\t" + HEADER + "dev\thow-to-enroll\tpatient\thow do I enroll\n"
                        "heldout\twithdraw-enrollment\tpatient\thow do I leave a program\n", encoding="utf-8")
    result = faq("eval", str(labelled))
    assert "== dev (tuned on)" in result.stdout and "== heldout (held out: never tuned on)" in result.stdout
    labelled.write_text("split\t" + HEADER + "later\thow-to-enroll\tpatient\thow do I enroll\n", encoding="utf-8")
    assert faq("eval", str(labelled)).returncode == 2

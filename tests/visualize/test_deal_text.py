"""The terminal renderings of a deal and of the pipeline."""

from __future__ import annotations

from graph.analysis.deals import analyze_deal
from graph.analysis.params import AnalysisParams
from graph.analysis.pipeline import deal_rows, pipeline
from tests.factories import HOSPITAL_DAY, hospital
from visualize.deal_text import deal_report, pipeline_lines

PARAMS = AnalysisParams(as_of=HOSPITAL_DAY)


def test_the_deal_report_reads_committee_bodies_and_scorecard() -> None:
    text = deal_report(analyze_deal(hospital(), "ct", PARAMS))
    lines = text.splitlines()
    assert lines[0] == "64排CT设备采购 (仁和医院): stage evaluation, 8,000,000 CNY, as of 2026-11-23"
    assert "qualification (MEDDPICC) 44%:" in lines  # 3.5 / 8
    assert "  we know 2 of 7 members of 评标委员会 (decides at this stage)" in lines
    assert any(line.startswith("郑教授") and "(not on the committee)" in line for line in lines)


def test_pipeline_lines_align_chinese_columns() -> None:
    lines = pipeline_lines(pipeline(deal_rows(hospital(), PARAMS)), "zh")
    assert lines[0].startswith("商机")
    # his (75%) before ct (44%)
    assert "智慧医院信息系统" in lines[1] and "75%" in lines[1]
    assert "64排CT设备采购" in lines[2] and "44%" in lines[2]

"""The text of a report's sections (reports/content/markup.py): lines become paragraphs, bullets, sub-headings
and tables, and nothing else has a meaning."""

from reports.content.markup import BULLET, HEADING, PARAGRAPH, TABLE, one_line, parse_markup, table_markup


def test_lines_become_blocks():
    blocks = parse_markup(
        "# 1. Kết quả\r\nĐoạn thứ nhất.\n\n- gạch đầu dòng\n| Nhiệm vụ | Hoàn thành |\n|---|---|\n| II.1 | 3 |\nHết."
    )
    assert [(b.kind, b.text) for b in blocks] == [
        (HEADING, "1. Kết quả"),
        (PARAGRAPH, "Đoạn thứ nhất."),
        (BULLET, "gạch đầu dòng"),
        (TABLE, ""),
        (PARAGRAPH, "Hết."),
    ]
    table = blocks[3]
    assert table.header == ["Nhiệm vụ", "Hoàn thành"] and table.body == [["II.1", "3"]]
    assert table.body_cells == [[("II.1", False), ("3", True)]]


def test_ragged_tables_are_squared_and_html_is_just_text():
    blocks = parse_markup("| a | b | c |\n| 1 |\n<b>đậm</b> <script>x</script>")
    assert blocks[0].rows == [["a", "b", "c"], ["1", "", ""]]
    assert blocks[1] == parse_markup("<b>đậm</b> <script>x</script>")[0]
    assert blocks[1].kind == PARAGRAPH and blocks[1].text == "<b>đậm</b> <script>x</script>"


def test_quoted_answers_stay_on_one_line_and_tables_round_trip():
    assert one_line("dòng 1\n- dòng 2\n| 3") == "dòng 1 - dòng 2 | 3"
    rows = [["Nhiệm vụ", "Số"], ["a|b", "2"]]
    assert parse_markup(table_markup(rows))[0].rows == [["Nhiệm vụ", "Số"], ["a/b", "2"]]

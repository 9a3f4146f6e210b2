"""Plans in layouts the first plans of the corpus lacked (built by build.py), written apart from the importer
and scored before it was changed for them (issue 15): the first three (tinh-uy-ctr-32 .txt, dang-uy-phuong-kh-08
.docx, thanh-uy-kh-74 .pdf) read 6.4% right on the reader as it was; the next two (huyen-uy-ctr-09 .txt,
chi-bo-truong-thcs-kh-01 .pdf) 0% on the reader as then fixed; a second round (dang-uy-khoi-ctr-07 .docx,
dang-uy-xa-kh-15 .txt) 50%. Their layouts: tasks in ruled tables in the body under their headings (Word and PDF,
a row broken across a page), a two-row header table, Word's "o" bullets, a PDF list with a hanging indent and
"Trang N" page numbers, an appendix table whose STT cells Word numbers. ``expect=`` is the annotation of
build.py."""

import html

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm

from .build import expectation
from .pdf_plans import HtmlPlan, _inline
from .word import WordPlan, _runs


def _body_table(w: WordPlan, columns: list[str], rows: list[tuple], widths: list[float]):
    """A ruled task table in the body: rows (stt, [cells...], expect); cells in column order after STT."""
    table = w.doc.add_table(rows=1, cols=len(columns))
    table.style = w.doc.styles["Table Grid"]
    for cell, title in zip(table.rows[0].cells, columns, strict=True):
        _runs(cell.paragraphs[0], title, bold=True, size=13)
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for stt, values, expect in rows:
        cells = table.add_row().cells
        for index, (cell, value) in enumerate(zip(cells, [stt, *values], strict=True)):
            _runs(cell.paragraphs[0], value, size=13)
            if index == 0:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        if expect:
            w.tasks.append(expectation(expect, values[0], strip_mark=False))
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=False):
            cell.width = Cm(width)
    w.para("")


def dang_uy_phuong_kh_08() -> WordPlan:
    w = WordPlan(
        "dang-uy-phuong-kh-08-kiem-tra-giam-sat.docx",
        level="đảng ủy cơ sở",
        genre="KH",
        description="A ward Party committee's yearly inspection plan in Word: a two-row borderless header table "
        "(bodies | motto, symbol | place and date), tasks in ruled tables inside the body under their headings "
        '(TT | Nội dung | Đối tượng | Thời gian | Đơn vị thực hiện), times "Tháng 8 - 9/2024", "Cuối năm 2024", '
        '"Hằng quý", "Khi có dấu hiệu vi phạm"; Word "o" bullets (Courier New) under an item ending with ":", '
        "an italic deadline paragraph of its own under an item.",
    )
    bullets = w.list_definition([("bullet", "o")])
    o_list = w.list_instance(bullets)
    table = w.doc.add_table(rows=2, cols=2)
    w._borders(table, "nil")
    left_top = ["ĐẢNG BỘ THÀNH PHỐ QUẢNG NGÃI", "**ĐẢNG ỦY PHƯỜNG NGHĨA CHÁNH**", "*"]
    cells = [
        (table.rows[0].cells[0], left_top),
        (table.rows[0].cells[1], ["**ĐẢNG CỘNG SẢN VIỆT NAM**"]),
        (table.rows[1].cells[0], ["Số 08-KH/ĐU"]),
        (table.rows[1].cells[1], ["*Nghĩa Chánh, ngày 15 tháng 01 năm 2024*"]),
    ]
    for cell, lines in cells:
        for index, line in enumerate(lines):
            paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
            _runs(paragraph, line)
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    w.para("")
    w.title("KẾ HOẠCH", "kiểm tra, giám sát năm 2024")
    w.para(
        "Căn cứ Quy định số 22-QĐ/TW, ngày 28/7/2021 của Ban Chấp hành Trung ương về công tác kiểm tra, giám sát và "
        "kỷ luật của Đảng và Chương trình kiểm tra, giám sát năm 2024 của Ban Thường vụ Thành ủy, Đảng ủy phường xây "
        "dựng Kế hoạch kiểm tra, giám sát năm 2024 như sau:"
    )
    w.para("I. MỤC ĐÍCH, YÊU CẦU", bold=True, indent=False)
    w.para("- Kịp thời phát hiện, phòng ngừa vi phạm; nâng cao ý thức chấp hành kỷ luật của đảng viên.")
    w.para("- Việc kiểm tra, giám sát phải đúng nguyên tắc, phương pháp, quy trình; khách quan, thận trọng.")
    w.para("II. NỘI DUNG KIỂM TRA, GIÁM SÁT", bold=True, indent=False)
    w.para("1. Kiểm tra, giám sát của Đảng ủy", bold=True, indent=False)
    columns = ["TT", "Nội dung", "Đối tượng", "Thời gian", "Đơn vị thực hiện"]
    _body_table(
        w,
        columns,
        [
            (
                "1",
                [
                    "Kiểm tra việc lãnh đạo thực hiện Nghị quyết Đại hội Đảng bộ phường lần thứ XV",
                    "Chi bộ Khu phố 1; Chi bộ Khu phố 3",
                    "Quý II/2024",
                    "Đoàn kiểm tra của Đảng ủy",
                ],
                "II.1.1 dated 2024-06-30 quarter",
            ),
            (
                "2",
                [
                    "Giám sát việc thực hiện Quy định số 08-QĐi/TW về trách nhiệm nêu gương của cán bộ, đảng viên",
                    "02 đồng chí đảng ủy viên",
                    "Tháng 8 - 9/2024",
                    "Tổ giám sát của Đảng ủy",
                ],
                "II.1.2 dated 2024-09-30 month",
            ),
            (
                "3",
                [
                    "Kiểm tra việc kê khai tài sản, thu nhập của cán bộ thuộc diện kê khai",
                    "Cán bộ, công chức phường",
                    "Cuối năm 2024",
                    "Ủy ban Kiểm tra Đảng ủy",
                ],
                "II.1.3 dated 2024-12-31 year",
            ),
        ],
        [1.2, 7, 3.5, 2.5, 3],
    )
    w.para("2. Kiểm tra, giám sát của Ủy ban Kiểm tra Đảng ủy", bold=True, indent=False)
    _body_table(
        w,
        columns,
        [
            (
                "1",
                [
                    "Kiểm tra việc thu, nộp, quản lý và sử dụng đảng phí tại các chi bộ trực thuộc",
                    "04 chi bộ",
                    "Trong tháng 7/2024",
                    "Ủy ban Kiểm tra Đảng ủy",
                ],
                "II.2.1 dated 2024-07-31 month",
            ),
            (
                "2",
                [
                    "Giám sát thường xuyên việc chấp hành Điều lệ Đảng của đảng viên trong Đảng bộ",
                    "Đảng viên trong Đảng bộ",
                    "Hằng quý",
                    "Ủy ban Kiểm tra Đảng ủy",
                ],
                "II.2.2 ongoing",
            ),
            (
                "3",
                [
                    "Kiểm tra đảng viên khi có dấu hiệu vi phạm",
                    "Đảng viên có dấu hiệu vi phạm",
                    "Khi có dấu hiệu vi phạm",
                    "Ủy ban Kiểm tra Đảng ủy",
                ],
                "II.2.3 triggered",
            ),
        ],
        [1.2, 7, 3.5, 2.5, 3],
    )
    w.para("III. TỔ CHỨC THỰC HIỆN", bold=True, indent=False)
    w.para(
        "1. Ủy ban Kiểm tra Đảng ủy tham mưu, giúp Đảng ủy triển khai Kế hoạch; báo cáo kết quả thực hiện về Ủy ban "
        "Kiểm tra Thành ủy trước ngày 10/12/2024.",
        expect="III.1 dated 2024-12-10 day",
    )
    w.para(
        "2. Các chi bộ trực thuộc xây dựng và gửi về Đảng ủy (qua Ủy ban Kiểm tra Đảng ủy):",
    )
    w.para(
        "Kế hoạch kiểm tra, giám sát năm 2024 của chi bộ, trước ngày 31/01/2024.",
        num=o_list,
        expect="III.2.a dated 2024-01-31 day",
    )
    w.para(
        "Báo cáo sơ kết công tác kiểm tra, giám sát 6 tháng đầu năm, trước ngày 15/6/2024.",
        num=o_list,
        expect="III.2.b dated 2024-06-15 day",
    )
    w.para(
        "3. Văn phòng Đảng ủy bảo đảm kinh phí, phương tiện phục vụ các đoàn kiểm tra, giám sát của Đảng ủy.",
        expect="III.3 dated 2024-12-31 year",
    )
    w.para("(Thực hiện trong năm 2024)", italic=True)
    w.para("")
    w.closing(
        recipients=["Ủy ban Kiểm tra Thành ủy (b/c)", "Các chi bộ trực thuộc", "Lưu VP Đảng ủy"],
        authority="T/M ĐẢNG ỦY",
        title="BÍ THƯ",
        name="Nguyễn Thị Hạnh",
    )
    return w


HANG_CSS = """
p.hang { text-indent: -0.6cm; margin-left: 1.25cm; }
p.item { text-indent: 0; }
"""


class HangingPlan(HtmlPlan):
    def html(self) -> str:
        return super().html().replace("</style>", HANG_CSS + "</style>")

    def hang(self, text: str, *, expect: str | None = None) -> None:
        self.parts.append(f'<p class="hang">•&nbsp;&nbsp;{_inline(text)}</p>')
        if expect:
            self.tasks.append(expectation(expect, text))


def thanh_uy_kh_74() -> HangingPlan:
    w = HangingPlan(
        "thanh-uy-kh-74-tong-ket-nghi-quyet.pdf",
        running="",
        level="Thành ủy",
        genre="KH",
        description="City committee plan exported from Word to PDF with automatic bullets: hanging indent (the "
        "bullet at the margin, wrapped lines indented under the text, some starting with a capitalized name), "
        'page numbers only at the foot, items without a first-line indent, "- Thời gian:" lines under items, '
        '"trước ngày 25/9/2025", "Quý III/2025", "tháng 10/2025", "trong tháng 11 năm 2025", "năm 2026".',
    )
    w.header(
        superior="ĐẢNG BỘ TỈNH QUẢNG NGÃI",
        issuer="THÀNH ỦY QUẢNG NGÃI",
        symbol="Số 74-KH/TU",
        place_date="Quảng Ngãi, ngày 05 tháng 8 năm 2025",
    )
    w.title(
        "KẾ HOẠCH",
        "tổng kết 10 năm thực hiện Nghị quyết số 05-NQ/TU, ngày 12/10/2015 của Ban Thường vụ Thành ủy về phát triển "
        "đô thị",
    )
    w.p(
        "Thực hiện Hướng dẫn số 40-HD/BTGTU, ngày 20/7/2025 của Ban Tuyên giáo Tỉnh ủy, Ban Thường vụ Thành ủy ban "
        "hành Kế hoạch tổng kết 10 năm thực hiện Nghị quyết số 05-NQ/TU như sau:"
    )
    w.heading("I. MỤC ĐÍCH, YÊU CẦU")
    w.hang(
        "Đánh giá toàn diện, khách quan kết quả đạt được, hạn chế, nguyên nhân và bài học kinh nghiệm sau 10 năm thực "
        "hiện Nghị quyết; đề xuất nhiệm vụ, giải pháp phát triển đô thị trong giai đoạn mới."
    )
    w.hang("Việc tổng kết phải thiết thực, tiết kiệm, tránh hình thức.")
    w.heading("II. NỘI DUNG, THỜI GIAN")
    w.heading("1. Ở các đảng bộ, chi bộ trực thuộc")
    w.hang(
        "Các đảng bộ, chi bộ trực thuộc tổ chức tổng kết và gửi báo cáo về Thành ủy (qua Ban Tuyên giáo Thành ủy) "
        "trước ngày 25/9/2025.",
        expect="II.1.a dated 2025-09-25 day",
    )
    w.hang(
        "Ủy ban nhân dân các phường, xã chủ trì tổng hợp số liệu về quy hoạch, chỉnh trang đô thị, hạ tầng kỹ thuật "
        "theo đề cương của Ban Tuyên giáo Thành ủy, hoàn thành trong Quý III/2025.",
        expect="II.1.b dated 2025-09-30 quarter",
    )
    w.heading("2. Ở cấp thành phố")
    w.p(
        "2.1. Ban Tuyên giáo Thành ủy chủ trì xây dựng dự thảo báo cáo tổng kết của Ban Thường vụ Thành ủy, trình "
        "Thường trực Thành ủy cho ý kiến.",
        cls="item",
        expect="II.2.1 dated 2025-10-31 month",
    )
    w.p("- Thời gian: tháng 10/2025.", cls="item")
    w.p(
        "2.2. Tổ chức hội nghị tổng kết 10 năm thực hiện Nghị quyết, biểu dương các tập thể, cá nhân tiêu biểu.",
        cls="item",
        expect="II.2.2 dated 2025-11-30 month",
    )
    w.p("- Thời gian: trong tháng 11 năm 2025.", cls="item")
    w.p("- Địa điểm: Hội trường Thành ủy.", cls="item")
    w.heading("III. TỔ CHỨC THỰC HIỆN")
    w.hang(
        "Ban Tuyên giáo Thành ủy hướng dẫn, đôn đốc các đảng bộ, chi bộ trực thuộc thực hiện Kế hoạch; tổng hợp kết "
        "quả báo cáo Ban Thường vụ Thành ủy.",
        expect="III.a ongoing~",
    )
    w.hang(
        "Văn phòng Thành ủy bảo đảm kinh phí, cơ sở vật chất phục vụ hội nghị tổng kết; tham mưu Ban Thường vụ Thành "
        "ủy ban hành nghị quyết mới về phát triển đô thị trong năm 2026.",
        expect="III.b dated 2026-12-31 year",
    )
    w.closing(
        recipients=[
            "Ban Tuyên giáo Tỉnh ủy (b/c)",
            "Các đ/c Thành ủy viên",
            "Các đảng bộ, chi bộ trực thuộc",
            "Lưu VP",
        ],
        authority="T/M BAN THƯỜNG VỤ",
        title="BÍ THƯ",
        name="Trần Phước Hiền",
    )
    return w


class BodyTablePlan(HtmlPlan):
    def html(self) -> str:
        extra = '@page { @bottom-right { content: none; } @bottom-center { content: "Trang " counter(page); font-size: 11pt; } }'
        return super().html().replace("</style>", extra + "</style>")

    def body_table(self, columns, rows, widths) -> None:
        head = "".join(
            f'<td class="center" style="width:{w}%"><b>{html.escape(c)}</b></td>'
            for c, w in zip(columns, widths, strict=True)
        )
        body = [f"<tr>{head}</tr>"]
        for stt, values, expect in rows:
            cells = "".join(f"<td>{_inline(v)}</td>" for v in values)
            body.append(f'<tr><td class="center">{html.escape(stt)}</td>{cells}</tr>')
            if expect:
                self.tasks.append(expectation(expect, values[0], strip_mark=False))
        self.parts.append(f'<table class="tasks"><tbody>{"".join(body)}</tbody></table>')


def chi_bo_kh_01() -> BodyTablePlan:
    w = BodyTablePlan(
        "chi-bo-truong-thcs-kh-01-cong-tac-nam.pdf",
        running="",
        level="chi bộ",
        genre="KH",
        description="A school Party cell's yearly work plan printed to PDF: the tasks in a ruled table in the "
        "body (TT | Nội dung công việc | Người thực hiện | Thời gian hoàn thành), its header row not repeated when "
        'it runs onto the next page, "Trang N" page numbers at the foot, times "Tháng 01/2025", "Trước '
        '31/3/2025", "Hằng tháng", "Theo hướng dẫn của Đảng ủy", "Tháng 5 - 6/2025", "Quý IV/2025".',
    )
    w.header(
        superior="ĐẢNG BỘ XÃ TỊNH HÀ",
        issuer="CHI BỘ TRƯỜNG THCS TỊNH HÀ",
        symbol="Số 01-KH/CB",
        place_date="Tịnh Hà, ngày 08 tháng 01 năm 2025",
    )
    w.title("KẾ HOẠCH", "công tác năm 2025")
    w.p(
        "Căn cứ Nghị quyết Đại hội Chi bộ nhiệm kỳ 2022 - 2025 và Chương trình công tác năm 2025 của Đảng ủy xã, "
        "Chi bộ Trường THCS Tịnh Hà xây dựng Kế hoạch công tác năm 2025 như sau:"
    )
    w.heading("I. MỤC ĐÍCH, YÊU CẦU")
    w.p(
        "Xác định rõ nội dung công việc, người thực hiện và thời gian hoàn thành; nâng cao chất lượng sinh hoạt chi "
        "bộ và vai trò tiên phong, gương mẫu của đảng viên trong nhà trường. Việc thực hiện phải nghiêm túc, đúng "
        "tiến độ; cuối năm đánh giá kết quả gắn với kiểm điểm, xếp loại chất lượng đảng viên."
    )
    w.p(
        "Mỗi đảng viên căn cứ nhiệm vụ được phân công xây dựng kế hoạch cá nhân, phấn đấu hoàn thành tốt nhiệm vụ "
        "chuyên môn và nhiệm vụ đảng viên; thực hiện nghiêm quy định về những điều đảng viên không được làm, giữ "
        "gìn phẩm chất, đạo đức, lối sống, xây dựng tập thể sư phạm đoàn kết, vững mạnh."
    )
    w.heading("II. NHIỆM VỤ CỤ THỂ")
    w.body_table(
        ["TT", "Nội dung công việc", "Người thực hiện", "Thời gian hoàn thành"],
        [
            (
                "1",
                ["Tổ chức Hội nghị đảng viên triển khai nhiệm vụ năm 2025", "Bí thư Chi bộ", "Tháng 01/2025"],
                "II.1 dated 2025-01-31 month",
            ),
            (
                "2",
                [
                    "Xây dựng kế hoạch kiểm tra, giám sát năm 2025 của Chi bộ",
                    "Phó Bí thư Chi bộ",
                    "Trước 31/3/2025",
                ],
                "II.2 dated 2025-03-31 day",
            ),
            (
                "3",
                ["Sinh hoạt chi bộ thường kỳ, sinh hoạt chuyên đề theo hướng dẫn", "Chi ủy", "Hằng tháng"],
                "II.3 ongoing",
            ),
            (
                "4",
                [
                    "Học tập, quán triệt các nghị quyết, chỉ thị mới của Đảng",
                    "Toàn thể đảng viên",
                    "Theo hướng dẫn của Đảng ủy",
                ],
                "II.4 triggered",
            ),
            (
                "5",
                [
                    "Bồi dưỡng, giới thiệu quần chúng ưu tú để Đảng ủy xem xét kết nạp",
                    "Chi ủy; Công đoàn; Chi đoàn",
                    "Tháng 5 - 6/2025",
                ],
                "II.5 dated 2025-06-30 month",
            ),
            (
                "6",
                [
                    "Lãnh đạo tổ chức kỳ thi tuyển sinh vào lớp 10 an toàn, nghiêm túc",
                    "Ban Giám hiệu",
                    "Tháng 6/2025",
                ],
                "II.6 dated 2025-06-30 month",
            ),
            (
                "7",
                [
                    "Lãnh đạo thực hiện kế hoạch năm học 2025 - 2026 của Nhà trường",
                    "Ban Giám hiệu",
                    "Tháng 9/2025",
                ],
                "II.7 dated 2025-09-30 month",
            ),
            (
                "8",
                [
                    "Tổ chức kỷ niệm 43 năm Ngày Nhà giáo Việt Nam 20/11",
                    "Công đoàn; Chi đoàn",
                    "Tháng 11/2025",
                ],
                "II.8 dated 2025-11-30 month",
            ),
            (
                "9",
                [
                    "Kiểm điểm, đánh giá, xếp loại chất lượng chi bộ và đảng viên năm 2025",
                    "Chi ủy",
                    "Quý IV/2025",
                ],
                "II.9 dated 2025-12-31 quarter",
            ),
            (
                "10",
                ["Tổng kết công tác năm 2025, xây dựng kế hoạch năm 2026", "Bí thư Chi bộ", "Tháng 12/2025"],
                "II.10 dated 2025-12-31 month",
            ),
        ],
        [6, 54, 20, 20],
    )
    w.heading("III. TỔ CHỨC THỰC HIỆN")
    w.p(
        "1. Chi ủy phân công đảng viên phụ trách từng nội dung, theo dõi, đôn đốc việc thực hiện Kế hoạch "
        "(thường xuyên).",
        expect="III.1 ongoing",
    )
    w.p(
        "2. Các đảng viên báo cáo kết quả thực hiện nhiệm vụ được phân công tại kỳ sinh hoạt chi bộ tháng 6/2025.",
        expect="III.2 dated 2025-06-30 month",
    )
    w.closing(
        recipients=["Đảng ủy xã (b/c)", "Đảng viên trong Chi bộ", "Lưu Chi bộ"],
        authority="T/M CHI BỘ",
        title="BÍ THƯ",
        name="Phạm Thị Lan",
    )
    return w


def _auto_table(w: WordPlan, rows: list, stt_num_of) -> None:
    """An appendix table whose STT cells are numbered by Word (the numbers only in numbering.xml); rows:
    ("group", label, title) typed, or ("task", content paragraphs, lead, coordinating, time, expect)."""
    columns = ["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành"]
    table = w.doc.add_table(rows=1, cols=5)
    table.style = w.doc.styles["Table Grid"]
    for cell, title in zip(table.rows[0].cells, columns, strict=True):
        _runs(cell.paragraphs[0], title, bold=True, size=12)
    num = None
    for row in rows:
        cells = table.add_row().cells
        if row[0] == "group":
            _runs(cells[0].paragraphs[0], row[1], bold=True, size=12)
            merged = cells[1].merge(cells[-1])
            _runs(merged.paragraphs[0], row[2], bold=True, size=12)
            num = stt_num_of()
            continue
        _, contents, lead, coordinating, time, expect = row
        w._number(cells[0].paragraphs[0], num, 0)
        for index, text in enumerate(contents):
            paragraph = cells[1].paragraphs[0] if index == 0 else cells[1].add_paragraph()
            _runs(paragraph, text, size=12)
        for cell, value in zip(cells[2:], (lead, coordinating, time), strict=True):
            _runs(cell.paragraphs[0], value, size=12)
        if expect:
            w.tasks.append(expectation(expect, contents[0], strip_mark=False))


def dang_uy_khoi_ctr_07() -> WordPlan:
    w = WordPlan(
        "dang-uy-khoi-ctr-07-ton-giao.docx",
        level="Đảng ủy Khối",
        genre="CTr",
        description="Bloc action programme in Word whose Phụ lục table numbers its STT cells with Word's own "
        "numbering (numbers only in numbering.xml, restarted in each group), group rows typed I, II with the title "
        'merged over the other cells, a content cell of two paragraphs; times "Quý II/2025", "Tháng 7 - 8/2025", '
        '"Hằng năm", "Năm 2026", "Trước 30/11 hằng năm", "Sau khi Trung ương sơ kết"; body items from List Number.',
    )
    decimal = w.list_definition([("decimal", "%1.")])
    w.header(
        superior="ĐẢNG BỘ TỈNH QUẢNG NGÃI",
        issuer="ĐẢNG ỦY KHỐI CÁC CƠ QUAN TỈNH",
        symbol="Số 07-CTr/ĐUK",
        place_date="Quảng Ngãi, ngày 18 tháng 4 năm 2025",
    )
    w.title("CHƯƠNG TRÌNH HÀNH ĐỘNG", "thực hiện Chỉ thị số 18-CT/TW của Ban Bí thư về công tác tôn giáo")
    w.para(
        "Thực hiện Chỉ thị số 18-CT/TW, ngày 10/01/2025 của Ban Bí thư, Ban Thường vụ Đảng ủy Khối xây dựng Chương "
        "trình hành động như sau:"
    )
    w.para("I. MỤC ĐÍCH, YÊU CẦU", bold=True, indent=False)
    w.para("Nâng cao nhận thức của cán bộ, đảng viên về công tác tôn giáo trong tình hình mới.")
    w.para("II. NHIỆM VỤ", bold=True, indent=False)
    w.para("Các nhiệm vụ cụ thể, cơ quan chủ trì, phối hợp và thời gian hoàn thành tại Phụ lục kèm theo.")
    w.para("III. TỔ CHỨC THỰC HIỆN", bold=True, indent=False)
    items = w.list_instance(decimal, restart=True)
    w.para(
        "Các chi, đảng bộ cơ sở xây dựng kế hoạch thực hiện, gửi về Đảng ủy Khối trước ngày 31/5/2025.",
        num=items,
        style="List Number",
        expect="III.1 dated 2025-05-31 day",
    )
    w.para(
        "Ban Tuyên giáo và Dân vận Đảng ủy Khối theo dõi, đôn đốc, báo cáo Ban Thường vụ *(thường xuyên)*.",
        num=items,
        style="List Number",
        expect="III.2 ongoing",
    )
    w.para("")
    w.closing(
        recipients=["Ban Tuyên giáo và Dân vận Tỉnh ủy (b/c)", "Các chi, đảng bộ cơ sở", "Lưu VP"],
        authority="T/M BAN THƯỜNG VỤ",
        title="BÍ THƯ",
        name="Võ Thị Hồng",
    )
    w.landscape()
    w.para("PHỤ LỤC", bold=True, align="center")
    w.para("NHIỆM VỤ CỤ THỂ THỰC HIỆN CHỈ THỊ SỐ 18-CT/TW", bold=True, align="center")
    _auto_table(
        w,
        [
            ("group", "I", "TUYÊN TRUYỀN, QUÁN TRIỆT"),
            (
                "task",
                ["Tổ chức quán triệt Chỉ thị số 18-CT/TW cho cán bộ chủ chốt"],
                "Ban Tuyên giáo và Dân vận",
                "Văn phòng",
                "Quý II/2025",
                "PL.I.1 dated 2025-06-30 quarter",
            ),
            (
                "task",
                [
                    "Biên soạn tài liệu tuyên truyền về chính sách tôn giáo",
                    "Phát hành đến các chi bộ trực thuộc.",
                ],
                "Ban Tuyên giáo và Dân vận",
                "",
                "Tháng 7 - 8/2025",
                "PL.I.2 dated 2025-08-31 month",
            ),
            (
                "task",
                ["Bồi dưỡng kiến thức về tôn giáo cho cán bộ làm công tác dân vận"],
                "Ban Tuyên giáo và Dân vận",
                "Trường Chính trị tỉnh",
                "Hằng năm",
                "PL.I.3 annual",
            ),
            ("group", "II", "KIỂM TRA, SƠ KẾT"),
            (
                "task",
                ["Kiểm tra việc thực hiện Chỉ thị tại một số đảng bộ cơ sở"],
                "Ủy ban Kiểm tra Đảng ủy Khối",
                "",
                "Năm 2026",
                "PL.II.1 dated 2026-12-31 year",
            ),
            (
                "task",
                ["Báo cáo kết quả thực hiện Chỉ thị với Ban Thường vụ Tỉnh ủy"],
                "Ban Tuyên giáo và Dân vận",
                "Văn phòng",
                "Trước 30/11 hằng năm",
                "PL.II.2 annual 11-30 day",
            ),
            (
                "task",
                ["Sơ kết 05 năm thực hiện Chỉ thị số 18-CT/TW"],
                "Ban Tuyên giáo và Dân vận",
                "Các ban",
                "Sau khi Trung ương sơ kết",
                "PL.II.3 triggered",
            ),
        ],
        lambda: w.list_instance(decimal, restart=True),
    )
    return w


def build_all(*, render: bool):
    found = [dang_uy_phuong_kh_08().build(), dang_uy_khoi_ctr_07().build()]
    return found + [plan().build(render=render) for plan in (thanh_uy_kh_74, chi_bo_kh_01)]

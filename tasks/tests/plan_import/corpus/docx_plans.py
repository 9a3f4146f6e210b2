"""The Word plans of the corpus (built by build.py through word.py). Each function writes one plan; ``expect=``
is the annotation of build.py (``PLACE KIND [DATE] [PRECISION]``, ``~`` for a deadline not explicit)."""

from .word import BULLET_SYMBOL, WordPlan


def tinh_uy_ctr_25() -> WordPlan:
    """Province action programme: headings numbered by a multilevel list attached to Heading 1/2, "a)" items
    from List Number restarted in each section, "-" bullets from List Bullet, a Phụ lục task table in a
    landscape section after the signature (STT running on across groups, group rows merged after STT)."""
    w = WordPlan(
        "tinh-uy-ctr-25-cong-nghiep-hoa.docx",
        level="Tỉnh ủy",
        genre="CTr",
        description="Word action programme: Heading 1/2 numbered from a multilevel list in numbering.xml (I., 1.), "
        'List Number "a)" restarted per section, List Bullet "-", goals with targets, an item with bullets as a '
        "section, unmarked paragraphs, borderless header and signature tables, a landscape Phụ lục table "
        "(repeated header row, group rows I-III merged after STT, two paragraphs in a cell) with times "
        '"Quý IV/2023", "Năm 2024", "Hằng năm", "Giai đoạn 2023 - 2025", "Trước 30/9 hằng năm".',
    )
    headings = w.list_definition(
        [("upperRoman", "%1."), ("decimal", "%2.")], styles={0: "Heading1", 1: "Heading2"}
    )
    heading_list = w.list_instance(headings)
    w.style_numbering("Heading 1", heading_list, 0)
    w.style_numbering("Heading 2", heading_list, 1)
    letters = w.list_definition([("lowerLetter", "%1)")])
    w.style_numbering("List Number", w.list_instance(letters))
    dashes = w.list_definition([("bullet", "-"), ("bullet", "+")])
    w.style_numbering("List Bullet", w.list_instance(dashes))
    decimal = w.list_definition([("decimal", "%1.")])

    def lettered(text, expect=None):
        return w.para(text, style="List Number", num=w._letters_now, expect=expect)

    def restart_letters():
        w._letters_now = w.list_instance(letters, restart=True)

    w.header(
        superior=None,
        issuer="TỈNH ỦY BÌNH ĐỊNH",
        symbol="Số 25-CTr/TU",
        place_date="Quy Nhơn, ngày 15 tháng 5 năm 2023",
    )
    w.title(
        "CHƯƠNG TRÌNH HÀNH ĐỘNG",
        "thực hiện Nghị quyết số 29-NQ/TW, ngày 17/11/2022 của Ban Chấp hành Trung ương Đảng khóa XIII về tiếp tục "
        "đẩy mạnh công nghiệp hóa, hiện đại hóa đất nước đến năm 2030, tầm nhìn đến năm 2045",
    )
    w.para(
        "Thực hiện Nghị quyết số 29-NQ/TW, ngày 17/11/2022 của Ban Chấp hành Trung ương Đảng khóa XIII (sau đây gọi "
        "tắt là Nghị quyết số 29-NQ/TW), Ban Thường vụ Tỉnh ủy xây dựng Chương trình hành động thực hiện trên địa "
        "bàn tỉnh như sau:"
    )
    w.para("MỤC TIÊU", style="Heading 1")
    w.para("Mục tiêu tổng quát", style="Heading 2")
    w.para(
        "Đến năm 2030, Bình Định trở thành tỉnh công nghiệp theo hướng hiện đại, là một trong những trung tâm công "
        "nghiệp chế biến, chế tạo của vùng duyên hải Nam Trung Bộ."
    )
    w.para("Chỉ tiêu cụ thể đến năm 2030", style="Heading 2")
    w.para("Tỷ trọng công nghiệp và xây dựng trong GRDP đạt khoảng 40%.", style="List Bullet")
    w.para("Tỷ lệ lao động qua đào tạo có bằng cấp, chứng chỉ đạt 35%.", style="List Bullet")
    w.para("Tốc độ tăng năng suất lao động bình quân đạt trên 6,5%/năm.", style="List Bullet")

    w.para("NHIỆM VỤ, GIẢI PHÁP CHỦ YẾU", style="Heading 1")
    w.para("Đẩy mạnh tuyên truyền, nâng cao nhận thức về công nghiệp hóa, hiện đại hóa", style="Heading 2")
    restart_letters()
    lettered(
        "Tổ chức quán triệt Nghị quyết số 29-NQ/TW và Chương trình hành động này đến cán bộ, đảng viên trong toàn "
        "Đảng bộ tỉnh *(hoàn thành trong tháng 6/2023)*.",
        "II.1.a dated 2023-06-30 month",
    )
    lettered(
        "Báo Bình Định, Đài Phát thanh và Truyền hình tỉnh mở chuyên mục tuyên truyền về công nghiệp hóa, hiện đại "
        "hóa, giới thiệu các mô hình, doanh nghiệp tiêu biểu *(thực hiện thường xuyên)*.",
        "II.1.b ongoing",
    )
    w.para("Hoàn thiện thể chế, quy hoạch, cơ chế, chính sách", style="Heading 2")
    restart_letters()
    lettered(
        "Ban cán sự đảng Ủy ban nhân dân tỉnh lãnh đạo rà soát, điều chỉnh Quy hoạch tỉnh bảo đảm không gian phát "
        "triển các khu công nghiệp, cụm công nghiệp, hoàn thành trước ngày 31/12/2023.",
        "II.2.a dated 2023-12-31 day",
    )
    lettered("Rà soát, bổ sung các cơ chế, chính sách của tỉnh, trong đó:")
    w.para(
        "Chính sách hỗ trợ phát triển công nghiệp hỗ trợ và doanh nghiệp nhỏ và vừa *(năm 2024)*.",
        style="List Bullet",
        expect="II.2.b.a dated 2024-12-31 year",
    )
    w.para(
        "Chính sách thu hút đầu tư vào Khu kinh tế Nhơn Hội và các khu công nghiệp *(sau khi Chính phủ ban hành "
        "Nghị định hướng dẫn)*.",
        style="List Bullet",
        expect="II.2.b.b triggered",
    )
    w.para("Phát triển nguồn nhân lực chất lượng cao", style="Heading 2")
    w.para(
        "Sắp xếp lại mạng lưới cơ sở giáo dục nghề nghiệp; đẩy mạnh liên kết giữa nhà trường và doanh nghiệp trong "
        "đào tạo lao động kỹ thuật.",
        expect="II.3.a ongoing~",
    )
    w.para(
        "Xây dựng Đề án đào tạo nguồn nhân lực cho các ngành công nghiệp chủ lực của tỉnh, trình Ủy ban nhân dân "
        "tỉnh ban hành trong Quý 2 năm 2024.",
        expect="II.3.b dated 2024-06-30 quarter",
    )
    w.para("Các nhiệm vụ cụ thể", style="Heading 2")
    w.para("Các nhiệm vụ cụ thể, cơ quan chủ trì, phối hợp và thời gian hoàn thành tại Phụ lục kèm theo.")

    w.para("TỔ CHỨC THỰC HIỆN", style="Heading 1")
    items = w.list_instance(decimal, restart=True)
    w.para(
        "Các huyện ủy, thị ủy, thành ủy, đảng ủy trực thuộc Tỉnh ủy xây dựng kế hoạch thực hiện Chương trình hành "
        "động này, hoàn thành trước 30/6/2023.",
        num=items,
        expect="III.1 dated 2023-06-30 day",
    )
    w.para(
        "Ban Tuyên giáo Tỉnh ủy chủ trì, phối hợp với các cơ quan liên quan định hướng công tác tuyên truyền "
        "*(thường xuyên)*.",
        num=items,
        expect="III.2 ongoing",
    )
    w.para(
        "Ban cán sự đảng Ủy ban nhân dân tỉnh chỉ đạo cụ thể hóa Chương trình thành kế hoạch của Ủy ban nhân dân "
        "tỉnh; báo cáo kết quả thực hiện về Ban Thường vụ Tỉnh ủy trước 15/11 hằng năm.",
        num=items,
        expect="III.3 annual 11-15 day",
    )
    w.para(
        "Văn phòng Tỉnh ủy theo dõi, đôn đốc, định kỳ hằng năm tổng hợp tình hình thực hiện, báo cáo Ban Thường vụ "
        "Tỉnh ủy.",
        num=items,
        expect="III.4 annual~",
    )
    w.para("")
    w.closing(
        recipients=[
            "Ban Bí thư Trung ương Đảng (b/c)",
            "Các đ/c Tỉnh ủy viên",
            "Các huyện ủy, thị ủy, thành ủy, đảng ủy trực thuộc",
            "Lưu Văn phòng Tỉnh ủy",
        ],
        authority="T/M BAN THƯỜNG VỤ",
        title="BÍ THƯ",
        name="Hồ Quốc Dũng",
    )

    w.landscape()
    w.para("PHỤ LỤC", bold=True, align="center")
    w.para(
        "DANH MỤC NHIỆM VỤ CỤ THỂ THỰC HIỆN CHƯƠNG TRÌNH HÀNH ĐỘNG SỐ 25-CTr/TU", bold=True, align="center"
    )
    w.para(
        "*(Kèm theo Chương trình hành động số 25-CTr/TU, ngày 15/5/2023 của Ban Thường vụ Tỉnh ủy)*",
        align="center",
    )
    w.task_table(
        ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành"],
        [
            ("group", "I", "Phát triển công nghiệp"),
            (
                "task",
                "1",
                "Xây dựng Đề án phát triển công nghiệp chế biến, chế tạo tỉnh Bình Định đến năm 2030",
                "Sở Công Thương",
                "Sở Kế hoạch và Đầu tư; Sở Tài chính",
                "Quý IV/2023",
                "PL.I.1 dated 2023-12-31 quarter",
            ),
            (
                "task",
                "2",
                [
                    "Đầu tư hạ tầng các cụm công nghiệp đã được quy hoạch.",
                    "Ưu tiên các cụm công nghiệp tại các huyện trung du, miền núi.",
                ],
                "UBND các huyện, thị xã, thành phố",
                "Sở Công Thương",
                "Năm 2024",
                "PL.I.2 dated 2024-12-31 year",
            ),
            (
                "task",
                "3",
                "Rà soát, thu hồi các dự án công nghiệp chậm triển khai",
                "Sở Kế hoạch và Đầu tư",
                "Ban Quản lý Khu kinh tế",
                "Tháng 9/2023",
                "PL.I.3 dated 2023-09-30 month",
            ),
            ("group", "II", "Khoa học, công nghệ và chuyển đổi số"),
            (
                "task",
                "4",
                "Hỗ trợ doanh nghiệp đổi mới công nghệ, ứng dụng công nghệ số trong sản xuất",
                "Sở Khoa học và Công nghệ",
                "Sở Công Thương",
                "Hằng năm",
                "PL.II.4 annual",
            ),
            (
                "task",
                "5",
                "Kết nối các doanh nghiệp của tỉnh với các viện, trường, trung tâm nghiên cứu",
                "Sở Khoa học và Công nghệ",
                "Trường Đại học Quy Nhơn",
                "Thường xuyên",
                "PL.II.5 ongoing",
            ),
            (
                "task",
                "6",
                "Xây dựng cơ sở dữ liệu doanh nghiệp công nghiệp của tỉnh",
                "Sở Công Thương",
                "Sở Thông tin và Truyền thông",
                "6 tháng đầu năm 2024",
                "PL.II.6 dated 2024-06-30 month",
            ),
            ("group", "III", "Nguồn nhân lực"),
            (
                "task",
                "7",
                "Sắp xếp, tổ chức lại các cơ sở giáo dục nghề nghiệp công lập",
                "Sở Lao động - Thương binh và Xã hội",
                "Sở Nội vụ",
                "Sau khi Trung ương có hướng dẫn",
                "PL.III.7 triggered",
            ),
            (
                "task",
                "8",
                "Đào tạo nghề cho lao động nông thôn chuyển sang làm việc trong khu công nghiệp",
                "Sở Lao động - Thương binh và Xã hội",
                "UBND các huyện, thị xã, thành phố",
                "Giai đoạn 2023 - 2025",
                "PL.III.8 dated 2025-12-31 year",
            ),
            (
                "task",
                "9",
                "Đánh giá kết quả đào tạo, báo cáo Ủy ban nhân dân tỉnh",
                "Sở Lao động - Thương binh và Xã hội",
                "",
                "Trước 30/9 hằng năm",
                "PL.III.9 annual 09-30 day",
            ),
        ],
        widths=[1.2, 11, 4.5, 4.5, 3.5],
    )
    return w


def huyen_uy_kh_112() -> WordPlan:
    """District plan typed the common way: headings typed in bold Normal paragraphs, bullets from List Bullet
    with Word's Symbol-font bullet and "+" from List Bullet 2 (numbering.xml only), an intro bullet ending in
    ":" whose deadline passes to its "+" bullets, Shift+Enter breaks, one between the lead word and the date."""
    w = WordPlan(
        "huyen-uy-kh-112-hoc-tap-lam-theo-bac.docx",
        level="Huyện ủy",
        genre="KH",
        description="Word plan with typed bold headings (I., 1.), List Bullet with the Symbol-font bullet and List "
        'Bullet 2 "+" defined in numbering.xml, an intro bullet with "trong năm 2023" passing to its sub-bullets, '
        'line breaks inside paragraphs (one between "trước ngày" and the date), a single unmarked paragraph as a '
        'section\'s task, "(Quý I/2023)", "tháng 5-2023", "vào tháng 8 năm 2023", "(thực hiện hằng năm)".',
    )
    bullets = w.list_definition([("bullet", BULLET_SYMBOL), ("bullet", "+")])
    bullet_list = w.list_instance(bullets)
    w.style_numbering("List Bullet", bullet_list, 0)
    w.style_numbering("List Bullet 2", bullet_list, 1)

    def heading(text):
        w.para(text, bold=True, indent=False)

    def bullet(text, expect=None, level=1):
        return w.para(text, style="List Bullet" if level == 1 else "List Bullet 2", expect=expect)

    w.header(
        superior="ĐẢNG BỘ TỈNH BÌNH ĐỊNH",
        issuer="HUYỆN ỦY PHÙ MỸ",
        symbol="Số 112-KH/HU",
        place_date="Phù Mỹ, ngày 06 tháng 02 năm 2023",
    )
    w.title(
        "KẾ HOẠCH",
        "học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh năm 2023",
    )
    w.para(
        "Thực hiện Chỉ thị số 05-CT/TW, ngày 15/5/2016 của Bộ Chính trị và Hướng dẫn số 28-HD/BTGTU, ngày 10/01/2023 "
        "của Ban Tuyên giáo Tỉnh ủy, Ban Thường vụ Huyện ủy xây dựng Kế hoạch học tập và làm theo tư tưởng, đạo "
        "đức, phong cách Hồ Chí Minh năm 2023 như sau:"
    )
    heading("I. MỤC ĐÍCH, YÊU CẦU")
    bullet(
        "Tạo chuyển biến rõ nét trong việc học tập và làm theo Bác gắn với thực hiện nhiệm vụ chính trị của từng địa phương, cơ quan, đơn vị."
    )
    bullet("Việc học tập phải thiết thực, tránh hình thức; đề cao trách nhiệm nêu gương của người đứng đầu.")
    heading("II. NỘI DUNG")
    heading("1. Học tập chuyên đề năm 2023")
    bullet(
        "Tổ chức hội nghị học tập chuyên đề năm 2023 cho cán bộ chủ chốt của huyện, hoàn thành trước ngày\n19/5/2023.",
        "II.1.a dated 2023-05-19 day",
    )
    bullet(
        "Các chi, đảng bộ cơ sở tổ chức học tập chuyên đề cho cán bộ, đảng viên trong tháng 5-2023.",
        "II.1.b dated 2023-05-31 month",
    )
    bullet(
        "Mỗi cán bộ, đảng viên xây dựng kế hoạch làm theo Bác, đưa vào kiểm điểm, đánh giá cuối năm *(thực hiện\nhằng năm)*.",
        "II.1.c annual",
    )
    heading("2. Làm theo và nêu gương")
    bullet("Xây dựng, nhân rộng các mô hình học tập và làm theo Bác trong năm 2023, trong đó:")
    w.para(
        "Mô hình “Dân vận khéo” ở các xã, thị trấn.",
        style="List Bullet 2",
        expect="II.2.a dated 2023-12-31 year",
    )
    w.para(
        "Mô hình “Chi bộ học tập và làm theo Bác” ở các chi bộ thôn, khu phố.",
        style="List Bullet 2",
        expect="II.2.b dated 2023-12-31 year",
    )
    bullet(
        "Người đứng đầu cấp ủy, chính quyền các cấp đăng ký việc làm nêu gương, công khai tại nơi làm việc *(Quý I/2023)*.",
        "II.2.c dated 2023-03-31 quarter",
    )
    heading("3. Tuyên truyền")
    w.para(
        "Ban Tuyên giáo Huyện ủy chủ trì, phối hợp với Trung tâm Văn hóa - Thông tin - Thể thao huyện tổ chức Hội thi "
        "kể chuyện về tấm gương đạo đức Hồ Chí Minh, hoàn thành vào tháng 8 năm 2023.",
        expect="II.3 dated 2023-08-31 month",
    )
    heading("III. TỔ CHỨC THỰC HIỆN")
    w.para(
        "1. Ban Tuyên giáo Huyện ủy hướng dẫn, theo dõi, đôn đốc các chi, đảng bộ cơ sở thực hiện Kế hoạch;\ntổng hợp "
        "tình hình, báo cáo Ban Thường vụ Huyện ủy *(thường xuyên)*.",
        expect="III.1 ongoing",
    )
    w.para(
        "2. Các chi, đảng bộ cơ sở báo cáo kết quả 6 tháng đầu năm về Huyện ủy (qua Ban Tuyên giáo) trước ngày "
        "15/6/2023.",
        expect="III.2 dated 2023-06-15 day",
    )
    w.para(
        "3. Ủy ban Kiểm tra Huyện ủy đưa nội dung thực hiện Chỉ thị số 05-CT/TW vào chương trình kiểm tra, giám sát "
        "của Huyện ủy *(hằng năm)*.",
        expect="III.3 annual",
    )
    w.para("")
    w.closing(
        recipients=[
            "Ban Tuyên giáo Tỉnh ủy (b/c)",
            "Thường trực Huyện ủy",
            "Các chi, đảng bộ cơ sở",
            "Lưu Văn phòng Huyện ủy",
        ],
        authority="T/M BAN THƯỜNG VỤ",
        title="PHÓ BÍ THƯ",
        name="Phan Thanh Hải",
    )
    return w


def dang_uy_khoi_kh_85() -> WordPlan:
    """Bloc committee plan whose tasks sit in a Word table: a short body ("Các nhiệm vụ cụ thể tại Phụ lục"),
    then after the signature a landscape Phụ lục: STT | Nội dung | Cơ quan chủ trì | Cơ quan phối hợp | Thời
    gian, group rows "I. ..." merged over the whole row, STT restarting in each group."""
    w = WordPlan(
        "dang-uy-khoi-kh-85-kiem-diem-danh-gia.docx",
        level="Đảng ủy Khối",
        genre="KH",
        description="The issue's failing case: a short Word body and the tasks in a landscape Phụ lục table "
        "(repeated header row, whole-row merged group rows, STT restarting per group, two paragraphs in a cell), "
        'times "Tháng 3/2024", "Quý II/2024", "Trước 15/6/2024", "Từ tháng 4 đến hết tháng 6/2024", '
        '"Tháng 12 hằng năm", "Chậm nhất ngày 15/01 hằng năm", "Quý 4 năm 2024", "Định kỳ 6 tháng"; a leap '
        "day 29/02/2024 in the body.",
    )
    w.header(
        superior="ĐẢNG BỘ TỈNH BÌNH ĐỊNH",
        issuer="ĐẢNG ỦY KHỐI CÁC CƠ QUAN TỈNH",
        symbol="Số 85-KH/ĐUK",
        place_date="Quy Nhơn, ngày 22 tháng 01 năm 2024",
    )
    w.title(
        "KẾ HOẠCH",
        "thực hiện Quy định số 132-QĐ/TW, ngày 08/10/2023 của Bộ Chính trị về kiểm điểm và đánh giá, xếp loại chất "
        "lượng hằng năm đối với tập thể, cá nhân trong hệ thống chính trị",
    )
    w.para(
        "Thực hiện Quy định số 132-QĐ/TW, ngày 08/10/2023 của Bộ Chính trị và Kế hoạch số 190-KH/TU, ngày 05/12/2023 "
        "của Ban Thường vụ Tỉnh ủy, Ban Thường vụ Đảng ủy Khối các cơ quan tỉnh ban hành Kế hoạch thực hiện như sau:"
    )
    w.para("I. MỤC ĐÍCH, YÊU CẦU", bold=True, indent=False)
    w.para(
        "- Các cấp ủy, tổ chức đảng, cán bộ, đảng viên nắm vững và thực hiện nghiêm các nội dung của Quy định số "
        "132-QĐ/TW; việc kiểm điểm, đánh giá phải thực chất, lượng hóa được bằng kết quả cụ thể."
    )
    w.para("- Xác định rõ trách nhiệm của từng cơ quan, đơn vị và thời gian hoàn thành từng nhiệm vụ.")
    w.para("II. NHIỆM VỤ CỤ THỂ", bold=True, indent=False)
    w.para(
        "Các nhiệm vụ cụ thể, cơ quan chủ trì, cơ quan phối hợp và thời gian thực hiện có Phụ lục kèm theo."
    )
    w.para("III. TỔ CHỨC THỰC HIỆN", bold=True, indent=False)
    w.para(
        "1. Các đồng chí Ủy viên Ban Thường vụ, Ủy viên Ban Chấp hành Đảng bộ Khối theo dõi, chỉ đạo việc thực hiện "
        "Kế hoạch ở các tổ chức cơ sở đảng được phân công phụ trách.",
        expect="III.1 ongoing~",
    )
    w.para(
        "2. Các chi, đảng bộ cơ sở xây dựng kế hoạch thực hiện, gửi về Đảng ủy Khối (qua Ban Tổ chức) trước ngày "
        "29/02/2024.",
        expect="III.2 dated 2024-02-29 day",
    )
    w.para(
        "3. Giao Ban Tổ chức Đảng ủy Khối chủ trì, phối hợp với các ban, Ủy ban Kiểm tra, Văn phòng Đảng ủy Khối "
        "theo dõi, hướng dẫn, đôn đốc việc thực hiện Kế hoạch *(thường xuyên)*.",
        expect="III.3 ongoing",
    )
    w.para("")
    w.closing(
        recipients=[
            "Ban Tổ chức Tỉnh ủy (b/c)",
            "Các đ/c UV BCH Đảng bộ Khối",
            "Các chi, đảng bộ cơ sở",
            "Lưu VP, BTC",
        ],
        authority="T/M BAN THƯỜNG VỤ",
        title="BÍ THƯ",
        name="Nguyễn Đặng Thị Thu Hòa",
        note="(Đã ký)",
    )
    w.landscape()
    w.para("PHỤ LỤC", bold=True, align="center")
    w.para("NHIỆM VỤ CỤ THỂ THỰC HIỆN QUY ĐỊNH SỐ 132-QĐ/TW", bold=True, align="center")
    w.para(
        "*(Kèm theo Kế hoạch số 85-KH/ĐUK, ngày 22/01/2024 của Ban Thường vụ Đảng ủy Khối)*", align="center"
    )
    w.task_table(
        ["STT", "Nội dung", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian"],
        [
            ("group", "I", "QUÁN TRIỆT, TUYÊN TRUYỀN"),
            (
                "task",
                "1",
                "Tổ chức hội nghị quán triệt Quy định số 132-QĐ/TW cho cán bộ chủ chốt của Đảng bộ Khối",
                "Ban Tổ chức Đảng ủy Khối",
                "Văn phòng Đảng ủy Khối",
                "Tháng 3/2024",
                "PL.I.1 dated 2024-03-31 month",
            ),
            (
                "task",
                "2",
                "Các chi, đảng bộ cơ sở quán triệt Quy định đến toàn thể đảng viên",
                "Các chi, đảng bộ cơ sở",
                "",
                "Quý II/2024",
                "PL.I.2 dated 2024-06-30 quarter",
            ),
            (
                "task",
                "3",
                "Đăng tải nội dung Quy định và văn bản hướng dẫn trên Trang thông tin điện tử của Đảng ủy Khối",
                "Văn phòng Đảng ủy Khối",
                "Ban Tuyên giáo Đảng ủy Khối",
                "Thường xuyên",
                "PL.I.3 ongoing",
            ),
            ("group", "II", "CỤ THỂ HÓA VÀ TỔ CHỨC THỰC HIỆN"),
            (
                "task",
                "1",
                "Ban hành hướng dẫn kiểm điểm, đánh giá, xếp loại chất lượng tập thể, cá nhân trong Đảng bộ Khối",
                "Ban Tổ chức Đảng ủy Khối",
                "Ủy ban Kiểm tra Đảng ủy Khối",
                "Trước 15/6/2024",
                "PL.II.1 dated 2024-06-15 day",
            ),
            (
                "task",
                "2",
                [
                    "Xây dựng bộ tiêu chí đánh giá cán bộ theo kết quả, sản phẩm cụ thể.",
                    "Lấy ý kiến các chi, đảng bộ cơ sở trước khi trình Ban Thường vụ.",
                ],
                "Ban Tổ chức Đảng ủy Khối",
                "Các ban, Ủy ban Kiểm tra, Văn phòng Đảng ủy Khối",
                "Từ tháng 4 đến hết tháng 6/2024",
                "PL.II.2 dated 2024-06-30 month",
            ),
            (
                "task",
                "3",
                "Tổ chức kiểm điểm, đánh giá, xếp loại chất lượng tập thể, cá nhân",
                "Các chi, đảng bộ cơ sở",
                "",
                "Tháng 12 hằng năm",
                "PL.II.3 annual 12-31 month",
            ),
            (
                "task",
                "4",
                "Tổng hợp kết quả đánh giá, xếp loại, báo cáo Ban Thường vụ Tỉnh ủy",
                "Ban Tổ chức Đảng ủy Khối",
                "",
                "Chậm nhất ngày 15/01 hằng năm",
                "PL.II.4 annual 01-15 day",
            ),
            (
                "task",
                "5",
                "Sửa đổi quy chế làm việc của Ban Chấp hành Đảng bộ Khối cho phù hợp với Quy định",
                "Văn phòng Đảng ủy Khối",
                "Ban Tổ chức Đảng ủy Khối",
                "Sau khi Ban Tổ chức Trung ương có hướng dẫn",
                "PL.II.5 triggered",
            ),
            ("group", "III", "KIỂM TRA, GIÁM SÁT, SƠ KẾT"),
            (
                "task",
                "1",
                "Kiểm tra việc kiểm điểm, đánh giá, xếp loại tại 05 tổ chức cơ sở đảng",
                "Ủy ban Kiểm tra Đảng ủy Khối",
                "Ban Tổ chức Đảng ủy Khối",
                "Quý 4 năm 2024",
                "PL.III.1 dated 2024-12-31 quarter",
            ),
            (
                "task",
                "2",
                "Giám sát chuyên đề việc thực hiện Quy định tại các đảng bộ cơ sở",
                "Ủy ban Kiểm tra Đảng ủy Khối",
                "",
                "Năm 2025",
                "PL.III.2 dated 2025-12-31 year",
            ),
            (
                "task",
                "3",
                "Sơ kết 02 năm thực hiện Quy định số 132-QĐ/TW trong Đảng bộ Khối",
                "Ban Tổ chức Đảng ủy Khối",
                "Các ban, Văn phòng Đảng ủy Khối",
                "Tháng 10 năm 2025",
                "PL.III.3 dated 2025-10-31 month",
            ),
            (
                "task",
                "4",
                "Báo cáo tình hình thực hiện Kế hoạch với Ban Thường vụ Đảng ủy Khối",
                "Văn phòng Đảng ủy Khối",
                "Ban Tổ chức Đảng ủy Khối",
                "Định kỳ 6 tháng",
                "PL.III.4 ongoing",
            ),
        ],
        widths=[1.2, 11, 4.5, 4.5, 4],
        group_span="row",
    )
    return w


def dang_uy_truong_ctr_12() -> WordPlan:
    """Grassroots committee action programme numbered entirely by one Word multilevel list applied paragraph by
    paragraph (I. / 1. / 1.1.), typed "- " dashes for tasks, a date split by Shift+Enter."""
    w = WordPlan(
        "dang-uy-truong-cao-dang-ctr-12-tri-thuc.docx",
        level="đảng ủy cơ sở",
        genre="CTr",
        description="Word action programme of a college's Party committee: I., 1. and 1.1. all from one multilevel "
        'list in numbering.xml (direct numPr, no typed numbers), lone "1.1." items as tasks, "2.1." items with typed '
        'dashes as sections, a date split by a line break ("chậm nhất ngày 15 / tháng 8 năm 2024"), "vào dịp 20/11 '
        'hằng năm", "(6 tháng một lần)", a trigger on a decision, "trước 30-4-2024", "(năm 2028)".',
    )
    outline = w.list_definition([("upperRoman", "%1."), ("decimal", "%2."), ("decimal", "%2.%3.")])
    n = w.list_instance(outline)

    def numbered(level, text, expect=None, bold=None):
        return w.para(text, num=n, ilvl=level, expect=expect, bold=level < 2 if bold is None else bold)

    w.header(
        superior="ĐẢNG BỘ KHỐI CÁC CƠ QUAN TỈNH",
        issuer="ĐẢNG ỦY TRƯỜNG CAO ĐẲNG KỸ THUẬT CÔNG NGHỆ QUY NHƠN",
        symbol="Số 12-CTr/ĐU",
        place_date="Quy Nhơn, ngày 25 tháng 3 năm 2024",
    )
    w.title(
        "CHƯƠNG TRÌNH HÀNH ĐỘNG",
        "thực hiện Nghị quyết số 45-NQ/TW, ngày 24/11/2023 của Hội nghị lần thứ tám Ban Chấp hành Trung ương Đảng "
        "khóa XIII về tiếp tục xây dựng và phát huy vai trò của đội ngũ trí thức đáp ứng yêu cầu phát triển nhanh "
        "và bền vững đất nước trong giai đoạn mới",
    )
    w.para(
        "Căn cứ Kế hoạch số 79-KH/ĐUK, ngày 05/3/2024 của Ban Thường vụ Đảng ủy Khối các cơ quan tỉnh, Đảng ủy "
        "Trường xây dựng Chương trình hành động như sau:"
    )
    numbered(0, "MỤC ĐÍCH, YÊU CẦU")
    w.para(
        "Nâng cao nhận thức của cán bộ, đảng viên, viên chức về vị trí, vai trò của đội ngũ trí thức; xây dựng đội "
        "ngũ giảng viên có phẩm chất chính trị, đạo đức và trình độ chuyên môn đáp ứng yêu cầu đào tạo nhân lực kỹ "
        "thuật của tỉnh."
    )
    numbered(0, "NHIỆM VỤ VÀ GIẢI PHÁP")
    numbered(1, "Nâng cao nhận thức về vai trò của đội ngũ trí thức")
    numbered(
        2,
        "Tổ chức quán triệt Nghị quyết số 45-NQ/TW cho toàn thể đảng viên, viên chức của Trường *(hoàn thành tháng 4/2024)*.",
        "II.1.1 dated 2024-04-30 month",
    )
    numbered(
        2,
        "Đưa nội dung Nghị quyết vào sinh hoạt chuyên đề của các chi bộ *(Quý III/2024)*.",
        "II.1.2 dated 2024-09-30 quarter",
    )
    numbered(1, "Xây dựng đội ngũ trí thức trong Nhà trường")
    numbered(2, "Phát triển đội ngũ giảng viên:", bold=False)
    w.para(
        "- Cử 05 giảng viên đi học thạc sĩ, tiến sĩ trong năm 2024.", expect="II.2.1.a dated 2024-12-31 year"
    )
    w.para(
        "- Rà soát quy hoạch trưởng, phó khoa, phòng giai đoạn 2025 - 2030, gửi Ban Thường vụ Đảng ủy chậm nhất ngày 15\n"
        "tháng 8 năm 2024.",
        expect="II.2.1.b dated 2024-08-15 day",
    )
    w.para(
        "- Khen thưởng giảng viên có đề tài nghiên cứu được ứng dụng vào thực tiễn, vào dịp 20/11 hằng năm.",
        expect="II.2.1.c annual 11-20 day",
    )
    numbered(2, "Tạo môi trường thuận lợi cho hoạt động sáng tạo:", bold=False)
    w.para(
        "- Sửa đổi quy chế chi tiêu nội bộ để hỗ trợ kinh phí nghiên cứu khoa học cho giảng viên *(sau khi Ủy ban "
        "nhân dân tỉnh có quyết định giao quyền tự chủ tài chính)*.",
        expect="II.2.2.a triggered",
    )
    w.para("- Tổ chức diễn đàn trí thức trẻ của Nhà trường *(6 tháng một lần)*.", expect="II.2.2.b ongoing")
    numbered(1, "Lãnh đạo các đoàn thể")
    w.para(
        "Chỉ đạo Công đoàn, Đoàn Thanh niên phát động phong trào thi đua lao động sáng tạo, tôn vinh các sáng kiến "
        "của viên chức, người lao động.",
        expect="II.3 ongoing~",
    )
    numbered(0, "TỔ CHỨC THỰC HIỆN")
    numbered(
        1,
        "Các chi bộ căn cứ Chương trình hành động này xây dựng kế hoạch thực hiện, gửi về Đảng ủy trước 30-4-2024.",
        "III.1 dated 2024-04-30 day",
        bold=False,
    )
    numbered(
        1,
        "Văn phòng Đảng ủy theo dõi, tổng hợp, tham mưu Đảng ủy sơ kết 05 năm thực hiện Nghị quyết *(năm 2028)*.",
        "III.2 dated 2028-12-31 year",
        bold=False,
    )
    w.para("")
    w.closing(
        recipients=[
            "Đảng ủy Khối các cơ quan tỉnh (b/c)",
            "Ban Giám hiệu",
            "Các chi bộ trực thuộc",
            "Lưu VP Đảng ủy",
        ],
        authority="T/M ĐẢNG ỦY",
        title="BÍ THƯ",
        name="Trương Công Bình",
    )
    return w


def chi_bo_kh_03() -> WordPlan:
    """A cell's congress plan: typed "I-" headings, items from List Number restarted per section, a separate
    italic "Thời gian thực hiện:" paragraph under some items."""
    w = WordPlan(
        "chi-bo-phong-ke-toan-kh-03-dai-hoi.docx",
        level="chi bộ",
        genre="KH",
        description='Word plan of a cell under a company Party committee: typed "I-" headings, List Number '
        '"1." restarted per section (numbers only in numbering.xml), "Thời gian thực hiện:" paragraphs of their '
        'own, "trước 16h30 ngày 04/4/2025", "dự kiến ngày 15/4/2025", "tháng 3 năm 2025", "trong kỳ sinh '
        'hoạt chi bộ tháng 3/2025", a trigger on an approval decision, a monthly routine, a term "2025 - 2027".',
    )
    decimal = w.list_definition([("decimal", "%1.")])
    w.style_numbering("List Number", w.list_instance(decimal))

    def item(num, text, expect=None, time=None):
        w.para(text, style="List Number", num=num, expect=expect)
        if time:
            w.para(f"*Thời gian thực hiện: {time}*")

    w.header(
        superior="ĐẢNG BỘ CÔNG TY CỔ PHẦN CẤP THOÁT NƯỚC BÌNH ĐỊNH",
        issuer="CHI BỘ PHÒNG TÀI CHÍNH - KẾ TOÁN",
        symbol="Số 03-KH/CB",
        place_date="Quy Nhơn, ngày 20 tháng 02 năm 2025",
    )
    w.title("KẾ HOẠCH", "tổ chức Đại hội Chi bộ Phòng Tài chính - Kế toán, nhiệm kỳ 2025 - 2027")
    w.para(
        "Thực hiện Chỉ thị số 35-CT/TW, ngày 14/6/2024 của Bộ Chính trị và Kế hoạch số 27-KH/ĐU, ngày 10/01/2025 "
        "của Đảng ủy Công ty về đại hội chi bộ trực thuộc, Chi bộ Phòng Tài chính - Kế toán xây dựng Kế hoạch tổ "
        "chức Đại hội như sau:"
    )
    w.para("I- MỤC ĐÍCH, YÊU CẦU", bold=True, indent=False)
    w.para(
        "Đại hội đánh giá đúng kết quả thực hiện nghị quyết nhiệm kỳ 2022 - 2025, đề ra phương hướng, nhiệm vụ sát "
        "với nhiệm vụ chuyên môn của Phòng; bầu chi ủy, bí thư, phó bí thư đủ tiêu chuẩn, đúng quy định."
    )
    w.para("II- NỘI DUNG, THỜI GIAN THỰC HIỆN", bold=True, indent=False)
    n = w.list_instance(decimal, restart=True)
    item(
        n,
        "Chi ủy xây dựng dự thảo Báo cáo chính trị và Báo cáo kiểm điểm của Chi ủy nhiệm kỳ 2022 - 2025.",
        "II.1 dated 2025-03-10 day",
        "trước ngày 10/3/2025.",
    )
    item(
        n,
        "Lấy ý kiến đảng viên vào dự thảo các văn kiện trong kỳ sinh hoạt chi bộ tháng 3/2025.",
        "II.2 dated 2025-03-31 month",
    )
    item(
        n,
        "Xây dựng phương án nhân sự chi ủy, bí thư, phó bí thư nhiệm kỳ 2025 - 2027, báo cáo Đảng ủy Công ty.",
        "II.3 dated 2025-03-31 month",
        "tháng 3 năm 2025.",
    )
    item(
        n,
        "Hoàn thiện văn kiện, gửi Đảng ủy Công ty xem xét trước 16h30 ngày 04/4/2025.",
        "II.4 dated 2025-04-04 day",
    )
    item(
        n,
        "Chuẩn bị cơ sở vật chất, trang trí khánh tiết phục vụ Đại hội, xong trước 13/4/2025.",
        "II.5 dated 2025-04-13 day",
    )
    item(
        n,
        "Tổ chức Đại hội Chi bộ Phòng Tài chính - Kế toán, nhiệm kỳ 2025 - 2027.",
        "II.6 dated 2025-04-15 day",
        "dự kiến ngày 15/4/2025.",
    )
    item(
        n,
        "Hoàn chỉnh hồ sơ Đại hội, gửi Đảng ủy Công ty (sau khi có quyết định chuẩn y kết quả bầu cử).",
        "II.7 triggered",
    )
    w.para("III- TỔ CHỨC THỰC HIỆN", bold=True, indent=False)
    n = w.list_instance(decimal, restart=True)
    item(
        n,
        "Đồng chí Bí thư Chi bộ chịu trách nhiệm chung, phân công chi ủy viên phụ trách từng phần việc chuẩn bị Đại hội.",
        "III.1 ongoing~",
    )
    item(
        n,
        "Mỗi đảng viên nghiên cứu, đóng góp ý kiến vào dự thảo văn kiện Đại hội Chi bộ và văn kiện đại hội cấp trên.",
        "III.2 ongoing~",
    )
    item(
        n,
        "Chi ủy báo cáo tiến độ chuẩn bị Đại hội về Đảng ủy Công ty vào ngày 25 hằng tháng.",
        "III.3 ongoing~",
    )
    w.para("")
    w.closing(
        recipients=["Đảng ủy Công ty (b/c)", "Đảng viên trong Chi bộ", "Lưu Chi bộ"],
        authority="T/M CHI BỘ",
        title="BÍ THƯ",
        name="Lê Thị Thanh Thủy",
    )
    return w


def build_all():
    plans = (tinh_uy_ctr_25, huyen_uy_kh_112, dang_uy_khoi_kh_85, dang_uy_truong_ctr_12, chi_bo_kh_03)
    return [plan().build() for plan in plans]

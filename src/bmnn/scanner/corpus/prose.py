"""Vietnamese administrative text for the corpus: agencies, headings and prose.

The prose deliberately carries the words that make a naive "mật" search fail
(bảo mật, mật khẩu, mật ong, Mật độ, mật thiết, bí mật…), so every document, marked or
not, exercises the rules' precision. Nothing here is a stamp on its own."""

from __future__ import annotations

import random

from bmnn.scanner.corpus.model import P, Table

# (agency line 1, agency line 2, symbol) — the upper-left block of NĐ 30/2020's layout.
AGENCIES = [
    ("UBND TỈNH BẮC NINH", "SỞ NỘI VỤ", "SNV"),
    ("BỘ CÔNG AN", "CÔNG AN TỈNH QUẢNG NAM", "CAT-PA03"),
    ("UBND THÀNH PHỐ HÀ NỘI", "SỞ TÀI CHÍNH", "STC"),
    ("UBND TỈNH NGHỆ AN", "VĂN PHÒNG UBND TỈNH", "VP"),
    ("BỘ QUỐC PHÒNG", "BỘ CHỈ HUY QUÂN SỰ TỈNH ĐỒNG THÁP", "BCH"),
    ("UBND TỈNH LÂM ĐỒNG", "SỞ KHOA HỌC VÀ CÔNG NGHỆ", "SKHCN"),
    ("CÔNG AN THÀNH PHỐ HẢI PHÒNG", "PHÒNG THAM MƯU", "PV01"),
    ("UBND HUYỆN ĐÔNG ANH", "PHÒNG TƯ PHÁP", "PTP"),
]

NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
PLACES = ["Bắc Ninh", "Tam Kỳ", "Hà Nội", "Vinh", "Cao Lãnh", "Đà Lạt", "Hải Phòng", "Đông Anh"]
DOC_TYPES = [("BÁO CÁO", "BC"), ("TỜ TRÌNH", "TTr"), ("KẾ HOẠCH", "KH"), ("CÔNG VĂN", "CV"),
             ("THÔNG BÁO", "TB"), ("QUYẾT ĐỊNH", "QĐ")]
SUBJECTS = [
    "Về việc rà soát hệ thống thông tin của cơ quan",
    "Về kết quả kiểm tra công tác văn thư, lưu trữ năm 2025",
    "Về việc triển khai phần mềm quản lý văn bản",
    "Về tình hình an ninh trật tự trên địa bàn",
    "Về việc tổ chức hội nghị sơ kết sáu tháng đầu năm",
    "Về phương án phòng chống thiên tai mùa mưa bão",
]

# Prose sentences; every one contains a "mật" confuser or a secret-protection word
# that is not a stamp.
CONFUSERS = [
    "Công tác bảo mật thông tin được các phòng, ban thực hiện nghiêm túc, không để xảy ra sự cố.",
    "Cán bộ phải đổi mật khẩu hộp thư công vụ định kỳ ba tháng một lần và không ghi mật khẩu ra giấy.",
    "Hợp tác xã đã hỗ trợ bà con tiêu thụ hơn hai mươi tấn mật ong trong vụ xuân vừa qua.",
    "Mật độ dân số của tỉnh tăng nhanh ở các phường trung tâm, gây áp lực lên hạ tầng giao thông.",
    "Hai đơn vị duy trì mối quan hệ phối hợp mật thiết trong công tác tuyên truyền, phổ biến pháp luật.",
    "Các phòng cần nâng cao ý thức giữ gìn bí mật công tác khi trao đổi qua điện thoại và mạng xã hội.",
    "Hệ thống thư điện tử được cấu hình mã hóa để bảo đảm tính bảo mật khi gửi văn bản ra ngoài.",
    "Phần mềm yêu cầu mật khẩu có tối thiểu tám ký tự, gồm chữ hoa, chữ thường và chữ số.",
    "Ban quản lý khu công nghiệp báo cáo mật độ xây dựng bình quân đạt 55% diện tích đất.",
    "Đoàn công tác đã làm việc với các hộ nuôi ong lấy mật tại xã miền núi của huyện.",
]
PLAIN = [
    "Thực hiện chỉ đạo của Ủy ban nhân dân tỉnh, Sở đã tổ chức triển khai các nội dung sau đây.",
    "Trong kỳ báo cáo, đơn vị đã tiếp nhận và xử lý 1.245 văn bản đến, ban hành 318 văn bản đi.",
    "Kinh phí thực hiện được bố trí từ nguồn ngân sách nhà nước năm 2026 theo phân cấp hiện hành.",
    "Đề nghị các cơ quan, đơn vị phối hợp thực hiện và báo cáo kết quả trước ngày 30 hằng tháng.",
    "Trong quá trình thực hiện, nếu có vướng mắc, đề nghị phản ánh về Văn phòng để tổng hợp.",
    "Công tác chuyển đổi số được đẩy mạnh, tỷ lệ hồ sơ trực tuyến toàn trình đạt 62%.",
    "Hội nghị đã thống nhất các nhiệm vụ trọng tâm cho quý tiếp theo và phân công cụ thể.",
    "Việc lưu trữ hồ sơ được thực hiện đúng quy định, không để thất lạc tài liệu.",
]
SIGNERS = ["Nguyễn Văn Hùng", "Trần Thị Mai", "Lê Quang Vinh", "Phạm Thu Hà", "Đỗ Minh Tuấn", "Vũ Đức Thắng"]


class Writer:
    """Draws varied but reproducible text for one document."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.agency = rng.choice(AGENCIES)
        self.place = rng.choice(PLACES)
        self.doc_type = rng.choice(DOC_TYPES)
        self.number = rng.randint(1, 480)
        self.day, self.month = rng.randint(1, 28), rng.randint(1, 12)

    @property
    def symbol(self) -> str:
        return f"Số: {self.number}/{self.doc_type[1]}-{self.agency[2]}"

    @property
    def date_line(self) -> str:
        return f"{self.place}, ngày {self.day:02d} tháng {self.month:02d} năm 2026"

    def paragraphs(self, low: int = 4, high: int = 12) -> list[str]:
        """Prose: at least two confusers, the rest plain sentences, two or three a paragraph."""
        count = self.rng.randint(low, high)
        out = []
        for i in range(count):
            pool = CONFUSERS if i < 2 or self.rng.random() < 0.4 else PLAIN
            sentences = [self.rng.choice(pool) for _ in range(self.rng.randint(2, 3))]
            out.append(" ".join(dict.fromkeys(sentences)))
        return out

    def header_table(self, left_extra: tuple[P, ...] = (), right_extra: tuple[P, ...] = (),
                     borders: bool = False) -> Table:
        """The two-column header table: agency and number on the left, the national
        motto and the date on the right (where box 10a puts the secrecy stamp under the number)."""
        left = (P(self.agency[0], align="center"), P(self.agency[1], bold=True, align="center"),
                P(self.symbol, align="center")) + left_extra
        right = (P(NATION, bold=True, align="center"), P(MOTTO, bold=True, align="center"),
                 P(self.date_line, align="center")) + right_extra
        return Table(rows=((left, right),), borders=borders)

    def title(self) -> list[P]:
        return [P(self.doc_type[0], bold=True, align="center", size=14),
                P(self.rng.choice(SUBJECTS), bold=True, align="center")]

    def signature(self) -> list[P]:
        return [P("KT. GIÁM ĐỐC", bold=True, align="right"), P("PHÓ GIÁM ĐỐC", bold=True, align="right"),
                P(self.rng.choice(SIGNERS), bold=True, align="right")]

    def lines(self, low: int = 4, high: int = 12) -> list[str]:
        """A plain-text rendering of an official document's heading and prose."""
        return [self.agency[0], self.agency[1], self.symbol, NATION, MOTTO, self.date_line, "",
                self.doc_type[0], self.rng.choice(SUBJECTS), "", *self.paragraphs(low, high), "",
                self.rng.choice(SIGNERS)]

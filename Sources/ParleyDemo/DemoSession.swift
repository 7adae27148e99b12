import ParleyCore

/// The demo session: the Thematic Group on Peace and Security of
/// `reference/peace-and-security-report.txt`, with its two delegations and a facilitator.
public enum DemoSession {
    public static let spec = SessionSpec(
        title: "Thematic Group on Peace and Security",
        series: "Thematic Groups for a new Armenian–Azerbaijani Dialogue",
        sides: [
            SideSpec(
                id: "am", name: "Armenia", adjective: "Armenian",
                aliases: ["армени", "армян", "Հայաստան", "հայկական", "Ermənistan", "erməni"]),
            SideSpec(
                id: "az", name: "Azerbaijan", adjective: "Azerbaijani",
                aliases: ["азербайджан", "Ադրբեջան", "ադրբեջանական", "Azərbaycan"]),
        ],
        agenda: [
            AgendaItemSpec(id: "perspectives", title: "Armenian and Azerbaijani perspectives"),
            AgendaItemSpec(id: "regional", title: "Regional and International Dimension"),
            AgendaItemSpec(id: "trust", title: "Peace education, trust-building and media"),
        ],
        report: ReportSpec(date: DemoReport.date, about: DemoReport.about),
        groundRules: GroundRules(version: 1, text: chathamHouse))

    /// The ground rules every participant accepts at the door (contract §6), in the room's
    /// four languages, one after the other, so that everyone reads them in their own.
    public static let chathamHouse = """
        English

        This meeting is held under the Chatham House Rule: you are free to use the information \
        you receive here, but neither the identity nor the affiliation of any speaker, nor that \
        of any other participant, may be revealed.

        Speak for yourself and your side, never for the other. Listen to the end; one speaker at \
        a time, as the co-chairs give the floor.

        Nothing is agreed until both co-chairs have endorsed it. What is said in your side's \
        caucus stays there.

        Հայերեն

        Հանդիպումն անցկացվում է Չաթեմ Հաուսի կանոնով. դուք ազատ եք օգտագործել այստեղ ստացած \
        տեղեկությունը, բայց չեք կարող բացահայտել որևէ ելույթ ունեցողի կամ այլ մասնակցի \
        ինքնությունը կամ պատկանելությունը։

        Խոսեք ձեր և ձեր կողմի անունից, երբեք՝ մյուս կողմի։ Լսեք մինչև վերջ. խոսում է մեկը, \
        երբ համանախագահները ձայն են տալիս։

        Ոչինչ համաձայնեցված չէ, քանի դեռ երկու համանախագահներն էլ հավանություն չեն տվել։ Ձեր \
        կողմի խմբակցությունում ասվածը մնում է այնտեղ։

        Azərbaycanca

        Görüş Chatham House qaydası ilə keçirilir: burada aldığınız məlumatdan sərbəst istifadə \
        edə bilərsiniz, lakin heç bir çıxış edənin və ya digər iştirakçının kimliyi və \
        mənsubiyyəti açıqlana bilməz.

        Öz adınızdan və öz tərəfinizin adından danışın, heç vaxt digər tərəfin adından yox. Sona \
        qədər dinləyin; həmsədrlər söz verdikcə bir nəfər danışır.

        Hər iki həmsədr təsdiqləməyənədək heç nə razılaşdırılmış sayılmır. Tərəfinizin kokusunda \
        deyilənlər orada qalır.

        Русский

        Встреча проходит по правилу Chatham House: вы можете свободно использовать полученную \
        здесь информацию, но не раскрывать ни личность, ни принадлежность выступающих и других \
        участников.

        Говорите от себя и от своей стороны, никогда — за другую. Дослушивайте до конца; говорит \
        один человек, когда сопредседатели дают слово.

        Ничто не согласовано, пока это не одобрили оба сопредседателя. Сказанное в кокусе вашей \
        стороны остаётся там.
        """

    /// Who takes part, in the order they are added: the facilitator, the co-chairs, then
    /// the members of each side as the report lists its authors.
    public static let cast: [(name: String, role: Role, side: SideID?)] = [
        ("Facilitator", .facilitator, nil),
        ("Leonid Nersisyan", .cochair, "am"),
        ("Murad Muradov", .cochair, "az"),
        ("Armine Margaryan", .member, "am"),
        ("Sergei Melkonian", .member, "am"),
        ("Varduhi Harutyunyan", .member, "am"),
        ("Eduard Baghdasarov", .member, "am"),
        ("Eldar Hamzali", .member, "az"),
        ("Gulkhanim Mammadova", .member, "az"),
        ("Huseyn Sultanli", .member, "az"),
        ("Alihuseyn Guluzade", .member, "az"),
    ]
}

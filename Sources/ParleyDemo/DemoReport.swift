import ParleyCore

/// The joint report of the demo session, as its co-chairs draft it: the prose of
/// `reference/peace-and-security-report.txt`, section by section.
enum DemoReport {
    static let date = "November 2025"

    static let about = #"""
        ## About LINKS Europe Foundation

        LINKS Europe Foundation was set up in February 2019 to provide for and consolidate a European base for a number of initiatives and projects related to European peace and security, and the European Union's relations with neighbouring regions to the East and to the South, some of which have been the hallmark of the work of the LINKS network since its founding in London in 1997.

        From its offices in The Hague, the City of Peace and Justice, LINKS Europe uses a mix of tools in pursuit of its objectives. These range from traditional methodologies for dialogue, to innovative confidence-building measures, to the latest tools for research, analysis, outreach, and communication.

        We continue to develop our thinking on confidence-building measures as an important tool for working towards, establishing, and sustaining peace in different contexts. We work to create greater awareness of ongoing issues in international relations. Better-informed citizens are less likely to fall victim of disinformation or populism. Where appropriate we also seek to offer a safe space where different opinions can be aired and discussed.

        Learn more on our website: www.links-europe.eu. Contact: office@links-europe.eu.
        """#

    static let introduction = #"""
        This report is the outcome of the joint effort of Azerbaijani and Armenian experts which purports to explain positions and perceptions regarding major peace and security-related issues, give policy advice and propose steps that could bring Azerbaijan and Armenia closer to a stable and comprehensive peace.

        Armenia and Azerbaijan have made a breakthrough in normalizing relations. With US facilitation, the two sides initialed a peace treaty and signed a joint declaration (Declaration) in Washington on August 8. The text of the treaty had been finalized in March 2025. However, it is important to stress that it was initialed, not formally signed. The signing of the Declaration not only underscored the leading role of the United States in the normalization of Armenian-Azerbaijani relations but also formalized the agreements on establishing the Trump Route for International Peace and Prosperity (TRIPP). This communication link had been one of the main contention points between Yerevan and Baku.

        The purpose of this report is to outline the Armenian and Azerbaijani perspectives on the main obstacles, risks, and opportunities related to implementing the peace agreement. Given the bilateral nature of the project, both sides will not only present their positions but also comment on each other's views.
        """#

    /// The perspectives as first written, with one contested phrase in brackets.
    static let perspectivesBracketed = perspectives.replacing(
        "from the Armenian perspective is the Azerbaijani demand itself.",
        with:
            "from the Armenian perspective is [[the Azerbaijani demand itself // the demand to change the Constitution]]."
    )

    /// The same text once the bracket is cleaned.
    static let perspectives = #"""
        Both sides agree that the Washington meeting brought cautious optimism: Azerbaijan and Armenia recognized each other's territorial integrity and declared the conflict over. For the first time, Baku and Yerevan see lasting peace as more beneficial than the status quo.

        The key obstacle to the signing of the peace agreement, from the Azerbaijani perspective is the Armenian Constitution, and from the Armenian perspective is the Azerbaijani demand itself.

        From Armenia's perspective, this demand is not justified for three reasons. First, the Armenian government has taken a constructive approach towards a peace treaty, often criticized domestically as too soft. Moreover, as constitutional amendments require a national referendum, Baku's new precondition, which has been absent for the past 30 years, carries the risk that a negative vote could freeze the peace process. Second, requiring constitutional changes contradicts Article V of the initialed treaty, which prohibits interference in internal affairs. Once ratified, the treaty itself would supersede domestic legislation, rendering such claims void. Additionally, Baku's concern over this is irrelevant, since both the initialed peace treaty and the Constitutional Court verdict annul that clause.

        From Azerbaijan's perspective, the current Constitution of Armenia contains territorial claims against Azerbaijan, as its preamble includes a reference to the 1990 Declaration of Independence. This undermines the prospects for durable peace by continually casting doubt on the legitimacy of the peace treaty in the eyes of the Azerbaijani people.

        The second challenge lies in the conflicting interpretation of history and identity, which render trust fragile.

        From Armenia's perspective, the mistrust stems from two core problems. First, the state-level promotion of the project "Western Azerbaijan" serves as an instrument of geopolitical expansion and even as a territorial claim by Armenian society. Second, Baku's refusal to release Armenians detained as a result of the war further fuels mistrust among the people of Armenia. Third, the ongoing militarization of Azerbaijan in contrast with Armenia's reduction in military spending and the shortening of military service terms. In the background, there are concerns from a part of the society that Azerbaijan may resume military action if the timing and conditions are favorable in the future. For these reasons, Armenia expects concrete steps from Baku that would demonstrate genuine security guarantees and peaceful intentions for the future.

        The Azerbaijani side agrees that the trust remains fragile because of these and other issues, but it has a different perspective. In Baku's view, the concept of "Western Azerbaijan" reflects the historical rights of displaced Azerbaijanis rather than expansionist ambitions. The 23 individuals from the former "Nagorno-Karabakh Republic" currently on trial are regarded not as prisoners of war but as those responsible for crimes committed during the conflict. Azerbaijan's increased defense spending is seen as a legitimate measure to ensure national security and deterrence, especially given its tough neighborhood and growing geopolitical instability; moreover, Baku is planning to somewhat reduce its military budget in the coming years. From Azerbaijan's perspective, genuine peace requires firm guarantees against revanchism and the consolidation of a stable, pro-peace consensus in Armenia.

        Both sides agree that the initialing of the peace treaty has significantly reduced the risk of escalation. Over the past five years, the two countries have experienced not a frozen conflict but rather a succession of active phases. Now, that prospect has been deferred, at least in the short term. This development naturally enhances the investment appeal of the Armenian economy and provides greater stability in the coming years. Moreover, progress in the peace process opens the door to advancing Armenia-Türkiye normalization. While full normalization will remain complicated until a final peace treaty is signed between Yerevan and Baku, there are prospects for a gradual opening of communications.

        From both sides' perspective, signing and the full implementation of the Peace Treaty will contribute to a just and durable peace as the treaty goes beyond ending violence and commits to establishing bilateral relations (Article V), confidence building along the border (Article VII), combating intolerance and extremism (Article VIII), and potential sectoral cooperation (Article X). It opens a window of opportunity for stability, economic growth, and connectivity. But the real test lies in implementation: translating commitments into sustainable confidence. At the same time, structural concerns remain. These include deep-seated hate narratives, lack of trust, and the absence of legal and policy tools for future cooperation. These issues could make the peace process fragile or superficial if not addressed.

        The TRIPP presents both opportunities and risks. Two main risks can be highlighted. First, there are many legal, technical, and financial issues that still need to be addressed, which delay the project's implementation. Second, Iran and Russia are wary of a potential American presence on Armenian territory along this route. Their concerns are fueling disagreements that put pressure on Yerevan rather than on other parties benefiting from the project.
        """#

    static let regional = #"""
        Since the peace agreement and the TRIPP are reshaping the South Caucasus, they inevitably affect the interests of neighboring states. For the regional powers, Iran, Russia, and Türkiye, there are both positive and negative factors that could influence how these agreements are implemented.

        Russia's position on the normalization process is ambivalent. On the one hand, Moscow welcomes regional stability that does not demand its direct involvement, given the strain of the war in Ukraine. From this angle, initiatives such as TRIPP could even serve Russian interests by granting rail access to Armenia, as the Georgian route remains closed. On the other hand, the Washington summit undermined Russia's monopoly and its dominant role in the South Caucasus. Continued normalization between Armenia, Azerbaijan, and Turkey threatens to further diminish Russia's influence and military presence in Armenia. Moreover, the current arrangements contradict the November 2020 trilateral statement, which envisaged Russia's control over transport communication shall be exercised by the Border Guard Service bodies of the FSS of Russia. Although Moscow still possesses economic leverage that could be used to obstruct implementation, ongoing tensions with the West and potential setbacks in Ukraine are gradually reducing its ability to dominate regional affairs.

        Iran's position reflects both strategic and pragmatic concerns. While wary of instability near its borders, Tehran's primary anxiety centers on US involvement in the TRIPP and its potential impact on border trade with Armenia. Yerevan has managed to reassure Tehran regarding the continuity of trade flows but not regarding the presence of American companies or representatives, which Iran views as unacceptable. Despite Baku's assurances, Tehran fears that TRIPP could diminish the strategic and economic significance of its own "Araz Corridor" that connects Azerbaijan with its exclave Nakhchivan. These issues may affect the final format and modalities of communication within TRIPP. Additionally, Iran remains uneasy about Azerbaijan's close cooperation with Israel, which amplifies its perception of regional encirclement and fuels broader geopolitical mistrust.

        Türkiye is the main regional beneficiary of the shifting balance in the South Caucasus. Having been directly or indirectly involved in shaping all major agreements, Ankara both influenced and closely followed the negotiation process. The signing of the peace treaty would remove obstacles to Türkiye-Armenia normalization and enable the reopening of the border. This together with the implementation of TRIPP, would consolidate Türkiye's role as a major transport hub connecting Europe and Central Asia and expand its access to regional markets. Ankara, therefore, views this as a strategic opportunity but continues to link full normalization with Armenia to the progress of the Yerevan-Baku track.

        The European Union also stands to benefit from a peace agreement and the reopening of regional communications. The opening of a Türkiye-Armenia-Azerbaijan route would further unlock the potential of the Middle Corridor and give the EU an alternative gateway to Central Asia. To make this a reality, however, the EU and its financial institutions will need to take part in implementing the TRIPP as well as other Türkiye-Armenia and Armenia-Azerbaijan links. At the same time, Brussels and Washington must remain actively engaged in promoting the agreements, not only by closely monitoring the process but by directly contributing to it. Without such involvement, above-mentioned international risks could stall implementation for years or even prevent the agreements from being realized at all.

        The Azerbaijani side views some non-conventional external risks, perceiving the Armenian Diaspora as a potential obstacle to the normalization.
        """#

    static let recommendations = #"""
        ## 1. Political dimension

        While Baku and Yerevan have shown resilience to some external pressures, the current volatile international environment demands tighter regional coordination at least within the South Caucasus, ideally under frameworks linking the region with Central Asia or the Middle East. Such integration could ease Armenian concerns over power disparities with Azerbaijan and prevent isolationism, which can fuel extremist and resentment-driven ideologies.

        The three countries could start by creating informal working groups within organizations where they are joint members (e.g., Shanghai Cooperation Agreement, Council of Europe). The April 2025 Deputy MFA-level meeting in Tbilisi could serve as a blueprint for permanent formats. Mutual support on international platforms could be expanded, as with Baku's role in establishing Armenia–Pakistan relations and Yerevan's in the French-Azerbaijani rapprochement. Interagency communication lines, including between defense ministries, could help build transparency and trust.

        To reduce referendum-related risks, options include:

        - a) to sign the treaty before the referendum to signal commitment.
        - b) After the signing of the Treaty to maximize joint efforts to establish diplomatic relations.
        - c) to elaborate in advance on the necessary steps to minimize possible negative impacts on the peace process if the vote fails;
        - d) to create a clear implementation framework for the Joint Declaration is also needed to avoid legal ambiguities and disputes

        Article VII of the treaty addresses the issue of the presence of the EU Monitoring Mission (EUMA). Its role should be revised between Armenia and the EU.

        The lack of travel between the countries has rendered visa issues irrelevant so far. But if cross-border visits begin, the current security procedures will be unworkable. A more practical border control mechanism is required in the early years.

        The absence of cross-border travel to date has made visa issues largely irrelevant. However, if cross-border visits are initiated, the existing security procedures will prove impractical. A more efficient and realistic border control mechanism will be essential in the initial years.

        ## 2. Communications

        As far as the implementation of TRIPP is a time-consuming process, both sides may open the existing communications to foster regional and interregional connectivity.

        ## 3. Peace education and cultural exchange

        For decades, education entrenched hostile narratives. Textbooks portrayed the other side as the enemy, and generations grew up without contact. Peace education should include removing hate content, presenting balanced perspectives, and possibly establishing a joint historians' platform. Online lectures, exchange programs, summer camps, and school twinning could foster mutual understanding. Article X of the draft treaty explicitly encourages cultural and humanitarian cooperation, offering a basis for such initiatives.

        ## 4. Community-level trust-building

        Once borders open and relations normalize, direct people-to-people contact will be key: artist exchanges, sports events, city partnerships, cross-border businesses, and mutual preservation of each other's cultural heritage. Symbolic gestures, such as mutual visits to ancestral graveyards or historical sites could help humanize the other side. Shared projects, such as border marketplaces or environmental cooperation, could turn peace into tangible benefits.

        ## 5. Media transformation

        The media has often amplified nationalist narratives. Responsible journalism should support reconciliation through fact-based reporting, human stories, and the rejection of hate speech. Experiences from Northern Ireland and Colombia show community media can play a crucial role in post-conflict transformation.
        """#
}

"""Set E of the hand-written news claims (see eval_news_claims.py): 63 claims written on 2026-12-03 from
four CNN/DailyMail and two BBC articles of FRANK's test split (the first four CNN/DailyMail and first two
BBC test articles of 300-900 words in hash order, after excluding those used by earlier sets), labelled
true or false from the articles alone before factbot was run on them, 29 true and 34 false. Each false
claim's comment says what the article says instead; at most a few false claims (kind "unstated") are about
things the article does not say rather than things it contradicts.
"""

# Article hash prefix -> [(true?, kind, claim)]; a BBC article's whole hash (8 digits) is its key,
# a CNN/DailyMail article's first 12 characters.
CLAIMS_E: dict[str, list[tuple[bool, str, str]]] = {
    "06a4af524f40": [  # a 6,000m Chinese kite at the Wulong festival in Chongqing is only half flown
        (True, "number", "The record-attempt kite at the Wulong festival was made up of 2,000 separate pieces."),
        (True, "refusal", "Chinese aviation authorities would not allow the full 6,000-metre kite to be flown."),
        (True, "plain", "Heavy mist at the kite festival in Chongqing cut visibility for pilots and spectators."),
        (True, "negation", "The dragon-themed kite did not fly at its full length at the festival."),
        (True, "number", "The previous longest-kite record was reportedly held by a 5,000-metre kite from Weifang."),
        (False, "number", "The dragon-themed kite weighs 2,000 kilograms."),  # it weighs 200 kilograms
        (
            False,
            "refusal",
            "Aviation authorities allowed the team to fly the entire 6,000-metre kite in Chongqing.",
        ),  # they ruled it could not be flown; only half of it flew
        (False, "entity", "The kite's line was made from bamboo to stop it snapping in the wind."),  # kevlar rope
        (
            False,
            "negation",
            "The festival organisers did not claim a Guinness World Record for the kite.",
        ),  # they still claimed to have broken the record for the longest kite
        (False, "date", "The dragon-themed kite took to the sky in Chongqing last Sunday."),  # last Saturday
        (
            False,
            "reversal",
            "The Chinese team's kite was 1,000 metres shorter than the previous record holder.",
        ),  # it was 1,000 metres longer (6,000m against 5,000m)
    ],
    "07955dc7323a": [  # Per Mertesacker backs Jurgen Klopp to succeed in the Premier League after leaving Dortmund
        (True, "plain", "Per Mertesacker believes Jurgen Klopp would be a good fit for the Premier League."),
        (
            True,
            "number",
            "Klopp's time at Dortmund brought two league titles and a Champions League final appearance.",
        ),
        (True, "negation", "Manchester City have signalled that they are not targeting Jurgen Klopp."),
        (True, "plan", "Jurgen Klopp has announced he will leave Borussia Dortmund when the season ends."),
        (True, "demand", "Mertesacker said Klopp should be given time to decide on his next move."),
        (False, "number", "Borussia Dortmund are third in the Bundesliga table."),  # they are 10th
        (
            False,
            "plan",
            "Jurgen Klopp has agreed to replace Arsene Wenger as Arsenal manager.",
        ),  # he has only been tipped to, which remains unlikely; his next move is undecided
        (False, "entity", "Per Mertesacker is the vice-captain of Borussia Dortmund."),  # he is Arsenal's vice-captain
        (
            False,
            "negation",
            "Mertesacker said he knows exactly what prompted Klopp's exit from Dortmund.",
        ),  # he admits he cannot work out what went wrong and is curious what happened
        (
            False,
            "antonym",
            "Mertesacker described Klopp's departure as good news for Borussia Dortmund.",
        ),  # he called it sad news for Dortmund
        (
            False,
            "unstated",
            "Jurgen Klopp has received a formal offer from Manchester United.",
        ),  # the article says only that he has been linked with United in the past
    ],
    "07d6ceff2988": [  # Rickie Fowler hits back at an Instagram troll who called his girlfriend a gold digger
        (
            True,
            "plain",
            "Rickie Fowler defended his girlfriend Alexis Randock after an online troll called her a gold digger.",
        ),
        (True, "number", "Alexis Randock's beach photo was shared with her 25,000 Instagram followers."),
        (True, "plain", "Alexis Randock said she works hard to support herself in New York."),
        (True, "negation", "The troll suggested Alexis Randock did not have to work for what she has."),
        (True, "demand", "Fowler told the commenter to check his facts before speaking to his girlfriend that way."),
        (False, "entity", "Alexis Randock posted the beach photo with her mother Nicole."),  # with her sister Nicole
        (
            False,
            "antonym",
            "Fowler was widely criticised by other posters for his response to the troll.",
        ),  # he got positive comments commending him for standing up for her
        (
            False,
            "negation",
            "Alexis Randock stayed silent and did not respond to the troll.",
        ),  # she posted a reply saying she works hard to support herself
        (
            False,
            "entity",
            "Alexis Randock told the troll to get his facts straight.",
        ),  # it was Fowler who told him to get his facts straight
        (
            False,
            "unstated",
            "Rickie Fowler deleted his reply to the troll shortly after posting it.",
        ),  # the article says nothing of Fowler deleting his reply
    ],
    "0ccc7d722348": [  # Warrington beat Leeds 29-10 on Kevin Sinfield's 500th appearance for the Rhinos
        (True, "number", "Warrington beat Leeds 29-10 at Headingley."),
        (True, "plain", "Kevin Sinfield was making his 500th appearance for Leeds."),
        (True, "negation", "Kevin Sinfield did not play in the first half of the match."),
        (True, "number", "The game at Headingley was watched by a crowd of 17,430."),
        (True, "plain", "Warrington had already beaten Leeds 18-6 earlier in the season in March."),
        (
            False,
            "antonym",
            "Leeds beat Warrington on Kevin Sinfield's 500th appearance for the club.",
        ),  # Warrington won 29-10
        (False, "date", "Kevin Sinfield made his Leeds debut against Sheffield Eagles in 1999."),  # in 1997
        (
            False,
            "entity",
            "Roy Asotasi scored Warrington's first try of the game.",
        ),  # winger Gene Ormsby scored the first try; Asotasi scored the fifth
        (False, "number", "Warrington scored seven tries at Headingley."),  # five tries
        (
            False,
            "negation",
            "Leeds failed to score a try in the first half.",
        ),  # Kallum Watkins touched down for Leeds late in the first half
        (
            False,
            "reversal",
            "Leeds were leading 20-4 when Kevin Sinfield came off the bench.",
        ),  # Leeds were trailing 20-4 when he came on
    ],
    "14919066": [  # BBC profile of Fiji: coups since 1987, Commonwealth suspension, ethnic divide, economy
        (
            True,
            "date",
            "In 1987 a coup by indigenous Fijians overthrew Fiji's elected, Indian-dominated coalition.",
        ),
        (
            True,
            "plain",
            "George Speight led a coup in 2000 in which Fiji's first ethnic Indian prime minister was held hostage.",
        ),
        (True, "date", "Fiji was suspended from the Commonwealth in September 2009."),
        (True, "plan", "Fiji's government agreed in 2012 to hold free elections in 2014."),
        (
            True,
            "negation",
            "Indigenous Fijians and Indo-Fijians are no longer roughly equal in number.",
        ),
        (
            False,
            "number",
            "The 2006 military takeover was Fiji's second coup in 20 years.",
        ),  # it was Fiji's fourth coup in 20 years
        (
            False,
            "antonym",
            "Australia and New Zealand cut diplomatic ties with Fiji after it agreed to hold elections.",
        ),  # they restored full diplomatic ties
        (
            False,
            "entity",
            "Fiji relies heavily on gold and tourism for its foreign exchange.",
        ),  # on sugar and tourism; gold is mined
        (
            False,
            "negation",
            "Fiji was not re-instated in the Commonwealth after the 2014 elections.",
        ),  # the Commonwealth re-instated it after the elections
        (
            False,
            "antonym",
            "Fiji is one of the world's smallest per capita recipients of aid.",
        ),  # one of the largest per capita recipients of aid
    ],
    "17269989": [  # BBC: funding for a new £33m Bridgwater Community Hospital in Somerset
        (True, "number", "The new Bridgwater Community Hospital project will cost £33m in total."),
        (
            True,
            "plan",
            "The new Bridgwater hospital is to have 30 inpatient beds and a midwifery-led maternity unit.",
        ),
        (True, "date", "The current hospital in Bridgwater was built in 1813."),
        (
            True,
            "negation",
            "The new hospital cannot be built at Bowers Lane unless planning permission is granted.",
        ),
        (
            False,
            "number",
            "The coalition is investing £33m in new NHS facilities across England.",
        ),  # £330m; £33m is the cost of the Bridgwater project
        (False, "date", "The new Bridgwater hospital is due to be finished by autumn 2012."),  # by autumn 2014
        (
            False,
            "plan",
            "The new Bridgwater Community Hospital has already been built at Bowers Lane.",
        ),  # the PCT only hopes to build it there, subject to planning permission, by autumn 2014
        (
            False,
            "entity",
            "Dr Donal Hynes is the matron at Bridgwater Community Hospital.",
        ),  # Sue Taylor is the matron; Hynes is a GP and the PCT's medical director
        (
            False,
            "number",
            "Five of Somerset's 13 community hospitals have been replaced in the past five years.",
        ),  # three of the 13
        (
            False,
            "antonym",
            "Matron Sue Taylor said the old hospital building needs very little maintenance.",
        ),  # she said there is lots of maintenance and lots of running repairs
    ],
}

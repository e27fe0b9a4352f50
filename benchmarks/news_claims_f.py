"""Set F of the hand-written news claims (see eval_news_claims.py): 126 claims written on 2026-12-06 by two
helpers who never ran factbot, 63 each (29 true, 34 false), about twelve CNN articles of RealTime QA 2022
(`gold_articles_2022.jsonl`: the first twelve of 300-900 words in doc_id order, a live-news page skipped),
labelled true or false from the article alone. RealTime QA is no reporting split (the verifier's synthetic
training pairs are drawn from its articles, so the judge has seen sentences of these articles, though never
these claims): set F is the development set that guides changes from 2026-12-06 on, and set E stays the
held-out one. Two labels rest on more than one sentence: "'Killing Eve' was not among the eight nominees"
(true: the nominee list) and "'Succession' won the Emmy ..." (false: the article names no winners).
"""

# RealTime QA doc id -> [(true?, kind, claim)]
CLAIMS_F: dict[str, list[tuple[bool, str, str]]] = {
    "007a486c743e2ba2": [  # Serena Williams hints at possible return to tennis after US Open exit
        (True, "entity", "Ajla Tomljanović knocked Serena Williams out of the 2022 US Open in the third round."),
        (True, "number", "Serena Williams won 73 WTA Tour singles titles over her 27-year tennis career."),
        (True, "plain", "On Good Morning America, Serena Williams said Tom Brady had started a really cool trend."),
        (
            True,
            "plan",
            (
                "Serena Williams said that, in evolving away from tennis, she would focus on her young family, "
                "business interests and charity ambassador roles."
            ),
        ),
        (True, "negation", "Serena Williams did not rule out a return to competitive tennis, saying 'you never know'."),
        (False, "number", "Serena Williams is a 25-time grand slam champion."),  # 23-time grand slam champion
        (False, "date", "Tom Brady said in March that he was retiring from the NFL."),  # in February
        (
            False,
            "entity",
            (
                "Serena Williams's children's book follows a young girl's journey with her doll "
                "and best friend, Olympia."
            ),
        ),  # the doll is Qai Qai; Olympia played with her
        (False, "reversal", "The Dallas Cowboys beat the Tampa Bay Buccaneers 19-3 on Sunday."),  # Bucs won 19-3
        (False, "antonym", "Serena Williams said she had fallen out of love with tennis."),  # she loves the sport
        (
            False,
            "negation",
            ("Serena Williams said she does not want to be involved in tennis in any way in the future."),
        ),  # "no way that I don't want to be involved"
    ],
    "03951eb24d8e7b65": [  # Saudi officials seize rainbow-colored toys and clothing in Riyadh
        (
            True,
            "plain",
            (
                "Saudi government officials removed rainbow-colored toys and clothes from Riyadh shops, "
                "claiming the items promoted homosexuality."
            ),
        ),
        (True, "entity", "The Riyadh rainbow-toy crackdown was reported by Saudi state-run TV channel al-Ekhbariya."),
        (True, "negation", "The al-Ekhbariya report did not say how many shops were targeted in the Riyadh crackdown."),
        (
            True,
            "date",
            ("Qatari authorities carried out a similar raid on children's toys in December of the previous year."),
        ),
        (
            True,
            "refusal",
            ("Disney refused requests to cut same-sex references from 'Doctor Strange and the Multiverse of Madness'."),
        ),
        (
            False,
            "entity",
            (
                "A Reuters reporter in a Riyadh children's shop pointed to a rainbow flag and called it "
                "the 'homosexuality flag'."
            ),
        ),  # it was the al-Ekhbariya reporter
        (
            False,
            "negation",
            ("The al-Ekhbariya report named the Ministry of Commerce official involved in the Riyadh campaign."),
        ),  # the official was unnamed
        (False, "date", "Saudi officials cracked down on rainbow-colored items in Riyadh on a Friday."),  # on Tuesday
        (
            False,
            "antonym",
            ("The al-Ekhbariya reporter said the rainbow colors send a harmless message to children."),
        ),  # a "poisonous message"
        (
            False,
            "demand",
            ("Same-sex references were cut from 'Doctor Strange and the Multiverse of Madness' for its Saudi release."),
        ),  # Disney refused; Saudi Arabia did not show the film
    ],
    "05085c84693ed30e": [  # Dartmouth eliminates undergraduate student loans in favor of grants
        (
            True,
            "plain",
            ("Dartmouth College is replacing undergraduate student loans with expanded scholarship grants."),
        ),
        (
            True,
            "number",
            (
                "More than 65 families committed over $80 million in endowment gifts toward Dartmouth's "
                "goal of eliminating loan requirements."
            ),
        ),
        (True, "date", "Dartmouth's no-loan initiative starts on June 23 with the summer 2022 term."),
        (
            True,
            "demand",
            ("Democrats pressured President Joe Biden for months to cancel $50,000 of student debt per borrower."),
        ),
        (
            True,
            "plan",
            ("Ohio State University plans to use its endowment to eliminate student loans within the decade."),
        ),
        (False, "number", "An anonymous donor committed $50 million to complete Dartmouth's campaign."),  # $25 million
        (
            False,
            "date",
            (
                "Emory University announced in March 2022 that it would eliminate need-based loans "
                "from undergraduate aid packages."
            ),
        ),  # announced in January
        (
            False,
            "entity",
            ("Williams College, located in Georgia, switched all of its financial aid to no-payback grants."),
        ),  # Williams is in Massachusetts; Emory is in Georgia
        (
            False,
            "demand",
            ("President Joe Biden cancelled $50,000 of federal student loan debt per borrower."),
        ),  # Democrats asked; Biden only considering a smaller amount
        (
            False,
            "reversal",
            (
                "Biden said he was considering student loan forgiveness larger than the $50,000 per "
                "borrower other Democrats sought."
            ),
        ),  # a smaller amount
        (
            False,
            "antonym",
            ("Dartmouth College announced that it was expanding student loans for undergraduates."),
        ),  # it is eliminating them
    ],
    "05faa15146a84c72": [  # 2022 (74th) Emmy nominations: Succession and Ted Lasso lead
        (True, "number", "'Succession' earned 25 Emmy nominations, more than any other show."),
        (True, "date", "The 74th Emmy Awards were scheduled to be held on September 12."),
        (True, "entity", "Jennifer Coolidge received a supporting actress nomination for 'The White Lotus'."),
        (
            True,
            "plain",
            ("'Ted Lasso' led the comedy field in Emmy nominations, one of which was for outstanding comedy series."),
        ),
        (True, "negation", "'Killing Eve' was not among the eight nominees for outstanding drama series."),
        (False, "number", "'Ted Lasso' earned 22 Emmy nominations."),  # 20 nominations
        (False, "date", "The 2022 Emmy nominations were announced on a Thursday."),  # on Tuesday
        (
            False,
            "entity",
            ("Lee Jung-jae was nominated for lead actor in a drama series for 'Severance'."),
        ),  # for 'Squid Game'
        (False, "reversal", "'Hacks' earned more Emmy nominations than 'Succession'."),  # Hacks 17, Succession 25
        (False, "negation", "'Abbott Elementary' was not nominated for outstanding comedy series."),  # it was
        (False, "unstated", ("'Succession' won the Emmy for outstanding drama series.")),  # only nominated; no winners
    ],
    "096e5ecc28c26a78": [  # IRS clears 2021 tax return backlog but 2022 returns still lag
        (True, "number", "IRS employees have logged 500,000 hours of overtime in 2022 to work through the backlog."),
        (
            True,
            "entity",
            (
                "IRS Commissioner Chuck Rettig called finishing last year's error-free individual returns "
                "a major milestone."
            ),
        ),
        (True, "plain", "The IRS has automated the correction of common mistakes made on paper tax returns."),
        (
            True,
            "negation",
            ("Early in the pandemic, IRS technology did not allow all customer service calls to be answered remotely."),
        ),
        (True, "plan", "The IRS is on track to finish 2022 without a backlog of original returns."),
        (False, "number", "The IRS hired more than 5,000 new workers to help process tax returns."),  # more than 1,500
        (
            False,
            "antonym",
            ("The IRS baseline budget has grown by about 20% on an inflation-adjusted basis since fiscal year 2010."),
        ),  # shrunk by about 20%
        (
            False,
            "reversal",
            ("The IRS processes paper tax returns faster than electronically filed ones."),
        ),  # e-filed keep pace; paper takes longer
        (False, "date", ("Many IRS Taxpayer Assistance Centers were shut down for months in 2021.")),  # in 2020
        (
            False,
            "negation",
            ("The National Taxpayer Advocate did not describe the IRS backlog as a crisis."),
        ),  # its report called it a "crisis"
    ],
    "0e0fd3ece7a14e26": [  # Musk kills Twitter's gray "Official" check mark hours after launch
        (True, "entity", "Esther Crawford is a director of product management at Twitter."),
        (True, "number", "Twitter said it would soon offer blue check marks to paying users for $8 per month."),
        (
            True,
            "negation",
            ("According to Esther Crawford, Twitter's gray 'Official' label is not available for purchase."),
        ),
        (True, "plain", "Elon Musk said he had 'killed' Twitter's gray verification badge just hours after its debut."),
        (False, "date", "Twitter first introduced the gray 'Official' check mark on a Monday evening."),  # Tuesday
        (
            False,
            "entity",
            ("Esther Crawford tweeted 'I just killed it' about the vanished gray badge."),
        ),  # Elon Musk tweeted it
        (
            False,
            "plan",
            ("Twitter rolled out paid blue check marks before the midterm elections."),
        ),  # Twitter decided to delay it until after the midterms
        (
            False,
            "negation",
            ("Esther Crawford confirmed that the paid blue check mark option will require identity verification."),
        ),  # it will not include such a requirement
        (
            False,
            "antonym",
            ("Twitter's plan to make the blue check mark signify a paid subscription was met with widespread praise."),
        ),  # widespread criticism
        (
            False,
            "reversal",
            (
                "On Twitter, the gray check mark was to mark paying Twitter Blue subscribers, "
                "while the blue one marked official accounts."
            ),
        ),  # the other way round
    ],
    "0fa4cad5f7832832": [  # Jill Biden makes unannounced Mother's Day visit to Uzhhorod and meets Olena Zelenska
        (True, "plain", "Jill Biden made an unannounced trip to the Ukrainian city of Uzhhorod on Mother's Day."),
        (
            True,
            "negation",
            (
                "Olena Zelenska had not been seen in public since the war began on February 24 "
                "before she met Jill Biden."
            ),
        ),
        (True, "number", "The closed-door bilateral between Jill Biden and Olena Zelenska lasted about one hour."),
        (
            True,
            "entity",
            (
                "The former school in Uzhhorod became a refuge through a collaboration between "
                "the government of Ukraine "
                "and the International Organization for Migration."
            ),
        ),
        (True, "date", "In 2010, Jill Biden went with Joe Biden to Baghdad over the July 4 holiday."),
        (
            False,
            "number",
            ("Jill Biden travelled about 50 miles into western Ukraine from the Slovak border town of Vysne Nemecke."),
        ),  # about 15 miles
        (
            False,
            "date",
            (
                "Before Jill Biden's trip, the last visit by a US first lady to a war zone was Laura Bush's secret "
                "visit to Afghanistan in 2010."
            ),
        ),  # Laura Bush's secret 10-hour visit was in 2008
        (False, "entity", "Antony Blinken and Lloyd Austin visited Uzhhorod the month before Jill Biden's trip."),
        # they visited Kyiv
        (False, "reversal", "Jill Biden thanked Olena Zelenska for what Biden called a very courageous act."),
        # Zelenska thanked Biden for a very courageous act
        (
            False,
            "negation",
            ("According to US officials, Olena Zelenska has not exchanged any correspondence with Jill Biden."),
        ),  # she sent Biden a letter and has exchanged correspondence with her in recent weeks
        (False, "antonym", "Jill Biden's visit to Uzhhorod was publicly announced ahead of time."),
        # the trip was unannounced
    ],
    "11638a1aca88fb67": [  # NASA sets new Artemis I launch attempt for September 3 after engine #3 scrub
        (True, "date", "The next Artemis I launch window opens at 2:17 p.m. ET on Saturday, September 3."),
        (
            True,
            "entity",
            ("John Honeycutt is manager of the Space Launch System Program at NASA's Marshall Space Flight Center."),
        ),
        (
            True,
            "plan",
            (
                "The Artemis I team planned to begin the engine bleed 30 to 45 minutes earlier in the countdown "
                "than on Monday."
            ),
        ),
        (
            True,
            "number",
            ("A 60% chance of a weather violation was forecast for the Artemis I launch window on Saturday."),
        ),
        (
            True,
            "refusal",
            (
                "Mike Sarafin said Artemis I would not launch on Saturday if the engines could not be "
                "thermally conditioned."
            ),
        ),
        (False, "number", "The Space Launch System rocket of the Artemis I mission has six RS-25 engines."),
        # four RS-25 engines
        (False, "date", "The backup launch opportunity for the Artemis I mission is on September 9."),
        # September 5
        (
            False,
            "entity",
            ("The Artemis I stack sits on Launchpad 39B at the Marshall Space Flight Center in Alabama."),
        ),  # at Kennedy Space Center in Florida
        (
            False,
            "reversal",
            (
                "Mission managers suspected the engine #3 issue was a problem with the engine itself rather than "
                "with the bleed system."
            ),
        ),  # they suspected the bleed system (a faulty sensor) rather than the engine
        (
            False,
            "antonym",
            (
                "During Monday's scrubbed attempt, engine #3 of the Artemis I rocket was about 30 to 40 degrees "
                "colder than the other engines."
            ),
        ),  # it was about 30 to 40 degrees warmer
        (
            False,
            "plan",
            ("NASA rolled the Artemis I rocket back into the Vehicle Assembly Building to replace the faulty sensor."),
        ),  # rollback was only the alternative; managers chose option one and the stack stays on the pad
    ],
    "150e6426f18fbabc": [  # Dodgers broadcaster Vin Scully dies at 94
        (True, "number", "Vin Scully, the longtime voice of the Los Angeles Dodgers, died at the age of 94."),
        (True, "date", "Vin Scully called his last Dodgers home game on September 25, 2016."),
        (True, "entity", "Hall of Fame broadcaster Red Barber recruited Vin Scully to the Dodgers' broadcast crew."),
        (
            True,
            "plain",
            (
                "According to the Dodgers, Vin Scully's 67 years with the team are the longest any broadcaster has "
                "spent with a single team."
            ),
        ),
        (True, "plan", "Mayor Eric Garcetti said Los Angeles City Hall would be lit up to honour Vin Scully."),
        (
            False,
            "number",
            ("Vin Scully is survived by his five children, 12 grandchildren and six great-grandchildren."),
        ),  # 21 grandchildren
        (False, "date", "Vin Scully was born in New York on November 29, 1937."),  # born November 29, 1927
        (
            False,
            "entity",
            ("Vin Scully became the voice of the Dodgers when Red Barber left to join the San Francisco Giants."),
        ),  # Barber left to join the New York Yankees
        (
            False,
            "reversal",
            (
                "Dave Roberts spoke about Vin Scully after the Giants beat the Dodgers "
                "in San Francisco on Tuesday night."
            ),
        ),  # the Dodgers beat the Giants
        (False, "antonym", "In 1953 Vin Scully became the oldest person to broadcast a World Series game."),
        # he became the youngest, at 25
        (False, "negation", "Vin Scully did not call Don Larsen's perfect game in the 1956 World Series."),
        # he called the final innings of that perfect game
    ],
    "152ba333d2acc210": [  # Mack Rutherford, 17, becomes youngest to fly solo around the world
        (True, "plain", "Mack Rutherford's solo flight around the world started and finished in Sofia, Bulgaria."),
        (True, "number", "Mack Rutherford's round-the-world route covered 52 countries on five continents."),
        (True, "date", "Mack Rutherford first took off on his solo flight around the world on March 23."),
        (
            True,
            "entity",
            ("The two world records Mack Rutherford broke had previously been held by his sister Zara Rutherford."),
        ),
        (True, "negation", "Mack Rutherford was not yet 17 when he set off on his round-the-world flight."),
        (False, "number", "Mack Rutherford received his first pilot's license at the age of 14."),
        # at 15
        (
            False,
            "entity",
            (
                "Strong headwinds forced Mack Rutherford to land on a remote North Pacific island during a flight "
                "from Japan to Canada."
            ),
        ),  # the flight was from Japan to the United States
        (
            False,
            "reversal",
            ("Zara Rutherford broke two world records that had been held by her younger brother Mack Rutherford."),
        ),  # Mack broke records previously held by his older sister Zara
        (
            False,
            "negation",
            ("Mack Rutherford said his sister's flight around the world played no part in inspiring his own attempt."),
        ),  # he said his sister's flight gave him something to strive for
        (False, "date", "Mack Rutherford completed his round-the-world flight by landing in Sofia on a Sunday."),
        # he landed on Wednesday
    ],
    "1568073aa9cefdbe": [  # NFL announces Rihanna as Super Bowl LVII halftime performer
        (
            True,
            "date",
            ("Super Bowl LVII is scheduled for February 12, 2023, at State Farm Stadium in Glendale, Arizona."),
        ),
        (
            True,
            "entity",
            ("Roc Nation, Jay-Z's entertainment agency, is one of the executive producers of the halftime show."),
        ),
        (True, "plain", "In 2021 Forbes said Rihanna had become the world's wealthiest female musician."),
        (True, "number", "The previous year's Super Bowl halftime show received five Emmy nominations."),
        (False, "number", "The Super Bowl at which Rihanna will perform the halftime show is the 58th Super Bowl."),
        # the 57th Super Bowl
        (False, "date", "The NFL announced Rihanna as the Super Bowl LVII halftime performer on a Saturday."),
        # announced Sunday
        (False, "entity", "Super Bowl LVII will be played at State Farm Stadium in Glendale, California."),
        # Glendale, Arizona
        (False, "reversal", 'Rihanna called Jay-Z a "generational talent" in the NFL\'s statement.'),
        # Jay-Z called Rihanna a generational talent
        (False, "antonym", "Jay-Z described Rihanna as a woman of privileged beginnings."),
        # humble beginnings
        (False, "plan", "Rihanna has already performed at the Apple Music Super Bowl Halftime Show."),
        # she will perform at next year's show
    ],
    "16b248fae3dec28f": [  # Newsom signs law creating California Fast Food Council; industry objects
        (
            True,
            "plain",
            (
                "California Governor Gavin Newsom signed a law creating a Fast Food Council to set pay, hours and "
                "working-condition standards for fast food workers."
            ),
        ),
        (
            True,
            "number",
            ("California's Fast Food Council could lift the minimum wage for fast food workers to up to $22 an hour."),
        ),
        (
            True,
            "negation",
            ("California's new fast food standards do not apply to chains with fewer than 100 locations nationally."),
        ),
        (
            True,
            "demand",
            (
                "In January, advocacy groups including the Economic Policy Institute and One Fair Wage "
                "urged California "
                "to pass the fast food bill."
            ),
        ),
        (True, "date", "Gavin Newsom signed the California Fast Food Council bill on Labor Day."),
        (
            False,
            "number",
            ("California's minimum wage for employers with more than 26 workers is $18 an hour."),
        ),  # $15 an hour
        (
            False,
            "entity",
            (
                "McDonald's USA President Joe Erlinger called the bill a \"discriminatory measure designed to target "
                'the franchise business model."'
            ),
        ),  # the International Franchise Association said that; Erlinger called it "lopsided, hypocritical ..."
        (False, "antonym", "The National Restaurant Association supports California's Fast Food Council bill."),
        # the association is against the bill
        (
            False,
            "reversal",
            (
                "Joe Erlinger objected that California's new standards apply to small restaurant chains but not to "
                "large ones."
            ),
        ),  # they apply to large chains, not to those with fewer than 100 locations
        (
            False,
            "plan",
            ("California's Fast Food Council has raised the minimum wage for fast food workers to $22 an hour."),
        ),
        # the council could raise it to up to $22; nothing has been raised yet
    ],
}

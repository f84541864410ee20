"""The intake: from the EURA 2021 export to reviewed rows of data/hankkeet.csv.

`joppi haku --year Y FILE` (haku.py) selects the year's candidates and writes the review
workbook data/haku/<Y>-ehdokkaat.xlsx; `joppi tuo --year Y` (tuo.py) validates the edited
workbook with the rules of `joppi validate` and appends the accepted rows. Settings are data:
data/haku/*.yml (settings.py) and the classification files; the Finnish morphology is Voikko's
(morphology.py).
"""

# IOM writes dates the British way in its documents: "25 March 2009", not "March 25, 2009".
DATE_FORMAT = "j F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d/m/Y"

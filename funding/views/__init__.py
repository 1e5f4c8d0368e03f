"""Pages of funding, one module per audience:

donors   the donor dashboard, a donor's pledge, exports (own figures, IATI transactions)
         and the donor's funding report (donor contacts only)
public   the public funding summary of a programme
staff    Finance's funding overview (an admin page) and the programme's funding report
"""

"""How mccdesk lays out a printed page: fonts (embedded as subsets), text runs, line and page
breaking, the page frame and charts. The documents in mccdesk/reports/ are built from these."""

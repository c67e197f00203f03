package io.siyu.shell.internal;

import io.siyu.api.org.OrgService;
import io.siyu.api.org.UnitStats;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "siyu", name = "org-leaderboard", description = "Ranks a unit's children (stores, branches) by new, active and repurchasing customers")
@Service
public class OrgLeaderboardCommand implements Action {
    @Reference
    OrgService org;

    @Argument(index = 0, name = "unit", description = "The parent unit, e.g. the brand or head office", required = true)
    @Completion(OrgUnitIdCompleter.class)
    String unit;

    @Option(name = "-d", aliases = "--days", description = "The period: the last this many days")
    int days = 30;

    @Override
    public Object execute() {
        if (days < 1 || days > 366) {
            throw new IllegalArgumentException("--days must be 1 to 366");
        }
        Instant now = Instant.now();
        List<UnitStats> board = org.leaderboard(ConsoleCaller.current(), unit, now.minus(Duration.ofDays(days)), now);
        ShellTable table = new ShellTable();
        table.column("#").alignRight();
        table.column("Unit");
        table.column("Customers").alignRight();
        table.column("New").alignRight();
        table.column("Active").alignRight();
        table.column("Repurchasing").alignRight();
        int rank = 1;
        for (UnitStats u : board) {
            table.addRow().addContent(rank++, u.name() + " (" + u.unitId() + ")", u.customers(), u.newCustomers(),
                    u.activeCustomers(), u.repurchasingCustomers());
        }
        table.print(System.out);
        System.out.println(board.isEmpty() ? unit + " has no child units" : "last " + days + " days");
        return null;
    }
}

package org.scenariomigration.memory;

import org.scenariomigration.spi.VisitLog;
import org.scenariomigration.spi.VisitLogContract;

class InMemoryVisitLogTest extends VisitLogContract {
  @Override
  protected VisitLog newLog() {
    return new InMemoryVisitLog();
  }
}

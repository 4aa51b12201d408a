package org.scenariomigration.spi;

class InMemoryVisitLogTest extends VisitLogContract {
  @Override
  protected VisitLog newLog() {
    return new InMemoryVisitLog();
  }
}
